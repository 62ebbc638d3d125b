"""Back-office lists filter by what a moment means (a closed account, a resolved report, a task
done), in the staff member's language, instead of "Empty" and "Not empty"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from jfa.accounts.models import User
from jfa.campaigns.models import PageReport
from jfa.core.models import Task
from jfa.core.testing import make_user

pytestmark = pytest.mark.django_db


def listed(client, model, **query) -> set:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return set(client.get(url, query).context["cl"].result_list)


def test_users_filter_by_a_closed_account(client, staff, alice):
    gone = make_user("gone@example.org", "Gone")
    User.objects.filter(pk=gone.pk).update(closed_at=timezone.now())
    client.force_login(staff)

    assert listed(client, User, closed_at="yes") == {gone}
    assert listed(client, User, closed_at="no") == {staff, alice}
    french = client.get(reverse("admin:accounts_user_changelist"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Par compte" in french
    assert "Fermé</a>" in french
    # The account's own page is in French too, headings included.
    account = client.get(reverse("admin:accounts_user_change", args=[alice.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert ">Profil</h2>" in account.content.decode()
    assert ">Dates importantes</h2>" in account.content.decode()


def test_reports_filter_by_resolved_or_waiting(client, staff, campaign, alice_page):
    waiting = PageReport.objects.create(page=alice_page, reason=PageReport.Reason.SPAM, reporter_key="a")
    done = PageReport.objects.create(
        page=alice_page, reason=PageReport.Reason.SPAM, reporter_key="b", resolved_at=timezone.now()
    )
    client.force_login(staff)

    assert listed(client, PageReport, resolved_at="no") == {waiting}
    assert listed(client, PageReport, resolved_at="yes") == {done}
    english = client.get(reverse("admin:campaigns_pagereport_changelist")).content.decode()
    assert "Waiting for staff</a>" in english


def test_tasks_filter_by_done_or_to_do(client, staff):
    to_do = Task.objects.create(name="donations.thank_donor")
    done = Task.objects.create(name="donations.thank_donor", done_at=timezone.now())
    client.force_login(staff)

    assert listed(client, Task, done_at="no") == {to_do}
    assert listed(client, Task, done_at="yes") == {done}
    assert listed(client, Task, done_at="whatever") == {to_do, done}
