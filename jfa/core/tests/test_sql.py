"""The giving path's plain SQL reads and writes rows exactly as the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import signals
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


def test_an_object_loaded_from_values_is_the_object_the_orm_reads(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=2500)
    read = Donation.objects.get(pk=gift.pk)
    values = {f.attname: getattr(read, f.attname) for f in Donation._meta.concrete_fields}
    made = sql.loaded(Donation, values)
    assert (made._state.adding, made._state.db) == (False, "default")
    assert {f.attname: getattr(made, f.attname) for f in Donation._meta.concrete_fields} == values
    assert made == read
    assert made.page == alice_page  # relations load as on any fetched object
    made.message = "Changed"
    made.save(update_fields=["message"])  # and it saves as an existing row
    assert Donation.objects.get(pk=gift.pk).message == "Changed"


def test_an_object_is_loaded_through_init_when_something_listens_to_it(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=2500)
    values = {f.attname: getattr(gift, f.attname) for f in Donation._meta.concrete_fields}
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.pk)

    signals.post_init.connect(listener, sender=Donation)
    try:
        made = sql.loaded(Donation, values)
    finally:
        signals.post_init.disconnect(listener, sender=Donation)
    assert seen == [gift.pk]
    assert made.amount_minor == 2500 and not made._state.adding


def test_loading_an_object_needs_exactly_its_columns(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=2500)
    values = {f.attname: getattr(gift, f.attname) for f in Donation._meta.concrete_fields}
    del values["message"]
    with pytest.raises(ValueError, match="exactly its columns"):
        sql.loaded(Donation, values)
    with pytest.raises(ValueError, match="exactly its columns"):
        sql.loaded(Donation, {**values, "message": "", "stray": 1})
