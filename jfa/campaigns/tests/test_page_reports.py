"""Anyone can report a page that breaks the rules; staff read the report and may take the page
down, saying why; its advocate cannot put it back up, and staff can."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jfa.campaigns.actions import CampaignError, report_page, set_page_published, take_down_page
from jfa.campaigns.models import AdvocatePage, PageReport
from jfa.core.testing import give

pytestmark = pytest.mark.django_db


def report_url(page) -> str:
    return reverse("campaigns:page_report", args=[page.slug])


def test_a_reader_reports_a_page_and_staff_hear_of_it(
    client, campaign, alice_page, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert (
        f'href="{report_url(alice_page)}">Report this page</a>'
        in client.get(alice_page.get_absolute_url()).content.decode()
    )
    form = client.get(report_url(alice_page)).content.decode()
    assert '<meta name="robots" content="noindex">' in form
    assert "The advocate is not told who reported their page." in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_url(alice_page),
            {"reason": "fraud", "details": "This is my photo, not hers.", "email": "real.alice@example.net"},
            follow=True,
        )
    assert "Thank you: our team will look at this page." in response.content.decode()
    report = PageReport.objects.get()
    assert (report.page, report.reason, report.reporter_email) == (alice_page, "fraud", "real.alice@example.net")
    assert report.reporter_key.startswith("ip:") and "127.0.0.1" not in report.reporter_key

    [sent] = [m for m in mail.outbox if m.to == ["hello@justiceforall.example"]]
    assert sent.subject == f"A page was reported: {alice_page.title}"
    assert sent.reply_to == ["real.alice@example.net"]
    assert "Reason: It is not a real fundraiser, or it pretends to be someone else" in sent.body
    assert "Details: This is my photo, not hers." in sent.body
    assert f"http://127.0.0.1:8000/admin/campaigns/pagereport/{report.pk}/change/" in sent.body


def test_the_same_reader_reports_a_page_once(client, campaign, alice_page):
    client.post(report_url(alice_page), {"reason": "spam"})
    response = client.post(report_url(alice_page), {"reason": "spam"}, follow=True)
    assert "You had already reported this page" in response.content.decode()
    assert PageReport.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "This field is required."),
        ({"reason": "rude"}, "Select a valid choice."),
        ({"reason": "other", "details": "x" * 1001}, "Ensure this value has at most 1000 characters"),
        ({"reason": "other", "email": "not-an-address"}, "Enter a valid email address."),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_written(client, campaign, alice_page, data, message):
    response = client.post(report_url(alice_page), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PageReport.objects.exists()


def test_a_flood_of_reports_is_cut_short(campaign, alice_page, bob_page):
    outcomes = [report_page(page=alice_page, reporter_key="ip:flood", reason="spam") for _ in range(5)]
    assert outcomes == [True, False, False, False, False]
    with pytest.raises(CampaignError, match="You have sent many reports"):
        report_page(page=bob_page, reporter_key="ip:flood", reason="spam")
    assert not PageReport.objects.filter(page=bob_page).exists()


def test_staff_take_a_page_down_and_its_advocate_cannot_put_it_back(
    client, campaign, staff, alice, alice_page, django_capture_on_commit_callbacks
):
    gift = give(page=alice_page, amount_minor=2_500)
    report_page(page=alice_page, reporter_key="ip:x", reason="offensive")
    client.force_login(staff)
    url = reverse("admin:campaigns_advocatepage_take_down", args=[alice_page.pk])
    change = client.get(reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk])).content.decode()
    assert f'href="{url}">Take the page down</a>' in change
    assert "Its words or photos are hateful" in client.get(url).content.decode()  # the open report
    assert client.post(url, {"do": "take_down", "reason": ""}).status_code == 200  # a reason is required
    assert AdvocatePage.objects.get(pk=alice_page.pk).taken_down_at is None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"do": "take_down", "reason": "The photo shows a child who is not yours."})
        # Pressed twice (or by two of staff at once): still down, and one email.
        client.post(url, {"do": "take_down", "reason": "The photo shows a child who is not yours."})
    page = AdvocatePage.objects.get(pk=alice_page.pk)
    assert page.taken_down_at is not None and not page.is_published
    assert not PageReport.objects.filter(resolved_at__isnull=True).exists()
    [told] = [m for m in mail.outbox if m.subject == "Your page is taken down"]
    assert told.to == ["alice@example.org"]
    assert "Why: The photo shows a child who is not yours." in told.body

    public = Client()
    assert public.get(page.get_absolute_url()).status_code == 404
    assert public.get(reverse("donations:give_to_page", args=[page.slug])).status_code == 404
    gift.refresh_from_db()
    assert gift.status == "succeeded"  # gifts already made still count

    owner = Client()
    owner.force_login(alice)
    dashboard = owner.get(reverse("campaigns:dashboard")).content.decode()
    assert "Our team has taken your page down" in dashboard
    assert "Why: The photo shows a child who is not yours." in dashboard
    assert "Show my page again" not in dashboard
    refused = owner.post(reverse("campaigns:page_visibility"), {"published": "1"}, follow=True)
    assert "Our team took this page down; write to us to bring it back." in refused.content.decode()
    assert not AdvocatePage.objects.get(pk=page.pk).is_published
    with pytest.raises(CampaignError, match="Our team took this page down"):
        set_page_published(page=page, published=True)

    client.post(url, {"do": "restore"})  # "Bring the page back"
    page.refresh_from_db()
    assert page.taken_down_at is None and page.is_published and page.take_down_reason == ""
    assert public.get(page.get_absolute_url()).status_code == 200


def test_staff_resolve_reports_from_the_list(client, campaign, staff, alice_page):
    report_page(page=alice_page, reporter_key="ip:y", reason="other", details="Looks odd")
    client.force_login(staff)
    changelist = reverse("admin:campaigns_pagereport_changelist")
    assert (
        "Looks odd"
        in client.get(reverse("admin:campaigns_pagereport_change", args=[PageReport.objects.get().pk])).content.decode()
    )
    client.post(changelist, {"action": "resolve", "_selected_action": [PageReport.objects.get().pk]})
    assert PageReport.objects.get().resolved_at is not None


def test_the_report_form_is_in_french(client, campaign, alice_page):
    html = client.get(report_url(alice_page), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Signaler cette page</h1>" in html


def test_take_down_needs_a_reason(campaign, alice_page):
    with pytest.raises(CampaignError, match="Say why the page is taken down"):
        take_down_page(page=alice_page, reason="  ")


def test_a_title_with_a_line_break_still_reaches_staff(campaign, alice_page, django_capture_on_commit_callbacks):
    from jfa.campaigns.models import AdvocatePage

    AdvocatePage.objects.filter(pk=alice_page.pk).update(title="Alice\nwears a dress")
    alice_page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        report_page(page=alice_page, reporter_key="ip:z", reason="spam")
    [sent] = [m for m in mail.outbox if m.to == ["hello@justiceforall.example"]]
    assert sent.subject == "A page was reported: Alice wears a dress"


def test_a_page_whose_advocate_closed_their_account_does_not_come_back(campaign, alice, alice_page):
    from jfa.accounts.actions import close_account
    from jfa.campaigns.actions import restore_page

    take_down_page(page=alice_page, reason="Spam.")
    close_account(user=alice)
    with pytest.raises(CampaignError, match="closed their account"):
        restore_page(page=alice_page)


def test_a_page_taken_down_moves_its_photos_to_new_addresses(client, campaign, alice_page, time_machine):
    import datetime

    from django.core.files.base import ContentFile

    from jfa.campaigns.actions import post_dress_log, restore_page
    from jfa.core.testing import png_bytes

    time_machine.move_to(datetime.datetime(2026, 12, 2, 18, tzinfo=datetime.UTC))
    entry = post_dress_log(
        page=alice_page, day=1, photo=ContentFile(png_bytes(), name="d.png"), photo_alt="A photo", caption=""
    )
    shared = [entry.photo.url, entry.thumbnail.url]
    assert all(client.get(url).status_code == 200 for url in shared)

    take_down_page(page=alice_page, reason="Someone else's child.")
    assert [client.get(url).status_code for url in shared] == [404, 404]
    entry.refresh_from_db()
    assert entry.photo.url not in shared and client.get(entry.photo.url).status_code == 200  # kept, for staff

    restore_page(page=alice_page)
    html = client.get(reverse("campaigns:page_day", args=[alice_page.slug, 1])).content.decode()
    assert entry.photo.url in html


def test_the_take_down_screen_gives_each_report_with_its_details_in_the_staff_members_language(
    client, campaign, staff, alice_page
):
    report_page(page=alice_page, reporter_key="ip:x", reason="offensive", details="La photo 3")
    client.force_login(staff)
    url = reverse("admin:campaigns_advocatepage_take_down", args=[alice_page.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "\u00a0: La photo 3</li>" in html
