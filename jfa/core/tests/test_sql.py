"""The giving path's plain SQL reads and writes rows exactly as the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from jfa.core import sql
from jfa.core.testing import give
from jfa.donations.models import Donation

pytestmark = pytest.mark.django_db


def test_a_row_read_with_plain_sql_makes_the_same_object_as_the_orm(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=2500)
    columns = sql.selected(("d", Donation))
    row = sql.first(f"SELECT {columns} FROM donations_donation d WHERE d.id = %s", [gift.pk])  # noqa: S608
    made = sql.instance(Donation, row)
    # SQLite hands back booleans as 0/1 and times as text: they are converted as the ORM does.
    assert made.is_anonymous is False
    assert made.succeeded_at == Donation.objects.get(pk=gift.pk).succeeded_at
    assert {f.attname: getattr(made, f.attname) for f in Donation._meta.concrete_fields} == {
        f.attname: getattr(gift, f.attname) for f in Donation._meta.concrete_fields
    }


def test_fields_saved_with_plain_sql_read_back_through_the_orm(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=2500)
    gift.succeeded_at = timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 30, 15, 123456))
    gift.is_anonymous = True
    sql.save_fields(gift, ["succeeded_at", "is_anonymous"])
    again = Donation.objects.get(pk=gift.pk)
    assert (again.succeeded_at, again.is_anonymous) == (gift.succeeded_at, True)


@pytest.mark.postgresql  # array literals are PostgreSQL's
@pytest.mark.parametrize(
    "values",
    [[1, -2, 3], ["campaign", "page"], ['a "quoted" word', "back\\slash", "{braces}, commas", '{"donation_id": 5}']],
)
def test_an_array_literal_reads_back_as_the_values_it_was_made_of(db, values):
    kind = "bigint[]" if isinstance(values[0], int) else "text[]"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{kind}", [sql.array(values)])
        assert cursor.fetchone()[0] == values
