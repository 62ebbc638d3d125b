"""Staff look after pages and teams in the back office without breaking what the advocates'
actions keep: a page's currency, country, team, owner and photo, a team's captain and currency
are read only there; pages and teams are never added or deleted by hand; a dress-log photo staff
delete goes with its files, as when its advocate removes it."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jfa.campaigns.actions import post_dress_log
from jfa.campaigns.models import AdvocatePage, Team
from jfa.core.models import StoredFile
from jfa.core.testing import give, png_bytes

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """What the change form would send back as it stands: its fields and every inline's rows."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime.datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().isoformat()
        else:
            data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for row in formset.forms:
            data.update({row.add_prefix(name): row[name].value() or "" for name in row.fields if name != "DELETE"})
    return data


def test_pages_and_teams_are_not_added_or_deleted_by_hand(client, campaign, staff, alice_page, team):
    client.force_login(staff)
    for model, row in (("advocatepage", alice_page), ("team", team)):
        assert client.get(reverse(f"admin:campaigns_{model}_add")).status_code == 403
        assert client.post(reverse(f"admin:campaigns_{model}_add"), {}).status_code == 403
        assert client.get(reverse(f"admin:campaigns_{model}_delete", args=[row.pk])).status_code == 403
        assert (
            client.post(reverse(f"admin:campaigns_{model}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
        )
    assert AdvocatePage.objects.count() == Team.objects.count() == 1


def test_a_pages_books_team_owner_and_photo_are_read_only_and_its_words_are_not(
    client, campaign, staff, alice_page, bob_page, team
):
    give(page=alice_page, amount_minor=2_500)
    client.force_login(staff)
    url = reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk])
    page = client.get(url)
    html = page.content.decode()
    for field in ("campaign", "owner", "currency", "country", "team", "photo", "photo_thumbnail", "created_at"):
        assert f'name="{field}"' not in html and f'name="{field}_0"' not in html, field

    data = form_data(page)
    data.update(
        {"title": "Alice wears a gown", "currency": "CAD", "country": "CA", "team": "", "owner": str(bob_page.owner_id)}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    alice_page.refresh_from_db()
    assert alice_page.title == "Alice wears a gown"
    assert (alice_page.currency, alice_page.country) == ("USD", "US")
    assert (alice_page.team_id, alice_page.owner.email) == (team.pk, "alice@example.org")


def test_a_teams_captain_and_currency_are_read_only(client, campaign, staff, team, bob):
    client.force_login(staff)
    url = reverse("admin:campaigns_team_change", args=[team.pk])
    page = client.get(url)
    assert 'name="captain"' not in page.content.decode()

    data = form_data(page)
    data.update({"description": "We tie one on.", "captain": str(bob.pk), "currency": "CAD"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    team.refresh_from_db()
    assert team.description == "We tie one on."
    assert (team.captain.email, team.currency) == ("alice@example.org", "USD")


def test_staff_delete_a_dress_log_photo_and_its_files_go_with_it(client, campaign, staff, alice_page, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    for day in (1, 2):
        post_dress_log(
            page=alice_page, day=day, photo=ContentFile(png_bytes(size=(40, 40)), name="d.png"),
            photo_alt=f"Alice's dress, day {day}", caption="",
        )  # fmt: skip
    gone = alice_page.dress_log.get(day=2)
    client.force_login(staff)
    url = reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk])
    page = client.get(url)
    html = page.content.decode()
    assert f'<img src="{gone.thumbnail.url}" alt="Alice&#x27;s dress, day 2"' in html
    assert 'name="dress_log-0-caption"' not in html  # a photo's words are its advocate's

    data = form_data(page)
    data["dress_log-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(alice_page.dress_log.values_list("day", flat=True)) == [1]
    assert StoredFile.objects.filter(name__in=[gone.photo.name, gone.thumbnail.name]).count() == 0
    assert client.get(gone.photo.url).status_code == 404
    assert StoredFile.objects.count() == 2  # day 1's photo and thumbnail stay


def test_the_page_list_filters_by_countries_named_in_the_staff_members_language(
    client, campaign, staff, alice_page, bob_page, charlie
):
    from jfa.core.testing import make_page

    make_page(campaign, charlie, country="DE")
    client.force_login(staff)
    url = reverse("admin:campaigns_advocatepage_changelist")
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    filter_box = html[html.index('id="changelist-filter"') :]
    # Only the countries pages are in, by name, in French alphabetical order.
    names = [name for name in ("Allemagne", "Canada", "États-Unis") if f">{name}</a>" in filter_box]
    assert names == ["Allemagne", "Canada", "États-Unis"]
    assert [filter_box.index(f">{name}</a>") for name in names] == sorted(
        filter_box.index(f">{name}</a>") for name in names
    )
    assert ">France</a>" not in filter_box
    listed = client.get(url, {"country": "CA"}).context["cl"].result_list
    assert list(listed) == [bob_page]
