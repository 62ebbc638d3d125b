"""The back office never offers a way around the actions: records that only actions write cannot
be added or deleted by hand, and every admin page opens without an error."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from jfa.core.models import Task
from jfa.core.testing import give
from jfa.donations.models import Donation, TotalShard
from jfa.payments.models import PaymentAttempt

pytestmark = pytest.mark.django_db

# model: (may staff add one, may staff delete one)
HANDS_OFF = {
    Donation: (False, False),
    PaymentAttempt: (False, False),
    TotalShard: (False, False),
    Task: (False, True),
}


@pytest.fixture
def gift(campaign, alice_page):
    return give(page=alice_page, amount_minor=2500)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", HANDS_OFF, ids=lambda model: model.__name__)
def test_records_only_actions_write_cannot_be_added_or_deleted_by_hand(client, staff, gift, model):
    may_add, may_delete = HANDS_OFF[model]
    client.force_login(staff)
    row = model.objects.first()  # a gift queues its emails as tasks too
    before = model.objects.count()

    assert client.get(url(model, "add")).status_code == (200 if may_add else 403)
    assert client.post(url(model, "add"), {}).status_code in ((200, 302) if may_add else (403,))
    if not may_delete:
        assert client.get(url(model, "delete", row.pk)).status_code == 403
        assert client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.count() == before
    # Staff can still read it.
    assert client.get(url(model, "change", row.pk)).status_code == 200


def test_every_admin_list_and_form_opens_without_an_error(client, staff, gift):
    client.force_login(staff)
    failures = {}
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            status = client.get(url(model, view)).status_code
            if status not in (200, 403):
                failures[f"{model.__name__} {view}"] = status
        row = model._default_manager.first()
        if row is not None:
            status = client.get(url(model, "change", row.pk)).status_code
            if status != 200:
                failures[f"{model.__name__} change"] = status
    assert failures == {}


def _date_fields(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("DateField", "DateTimeField")
    ]


def test_every_admin_list_answers_a_year_beyond_the_calendar_as_a_bad_filter(client, staff, gift):
    # Typed or edited by hand in the address: Django would raise while writing the SQL.
    client.force_login(staff)
    failures = {}
    lists = 0
    for model in admin.site._registry:
        for name in _date_fields(model):
            lists += 1
            for query in (f"{name}__year=0", f"{name}__year=99999", f"{name}__year__gte=-1", f"{name}__iso_year=10000"):
                response = client.get(f"{url(model, 'changelist')}?{query}")
                if response.status_code == 403:
                    continue
                if response.status_code != 302 or response["Location"] != f"{url(model, 'changelist')}?e=1":
                    failures[f"{model.__name__} ?{query}"] = response.status_code
            # A real year still filters.
            if client.get(f"{url(model, 'changelist')}?{name}__year=2026").status_code not in (200, 403):
                failures[f"{model.__name__} ?{name}__year=2026"] = "not shown"
    assert lists > 20
    assert failures == {}


def test_a_year_filter_is_checked_only_after_signing_in(client):
    response = client.get(f"{url(Donation, 'changelist')}?created_at__year=0")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_is_named_for_the_project(client, staff):
    client.force_login(staff)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Justice For All administration" in page
    assert "Campaign, gifts and books" in page
