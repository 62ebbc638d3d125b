"""An advocate's page is rendered once for every anonymous reader, and again as soon as anything on
it changes; each reader still gets their own CSRF token and idempotency key."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from jfa.campaigns.actions import cheer
from jfa.campaigns.models import DressLogEntry, ImpactTier
from jfa.campaigns.views import team_invitation
from jfa.core.page_cache import _plain
from jfa.core.testing import gift_form, give, make_page, make_user

pytestmark = pytest.mark.django_db


def token_and_key(html: str) -> tuple[str, str]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html).group(1)
    return token, key


def read(client: Client, url: str, **headers: str):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_second_reader_is_served_the_same_page_with_their_own_token_and_key(campaign, alice_page):
    url = alice_page.get_absolute_url()
    first, first_html = read(Client(enforce_csrf_checks=True), url)
    assert "campaigns/page_detail.html" in [t.name for t in first.templates]
    reader = Client(enforce_csrf_checks=True)
    second, second_html = read(reader, url)
    assert second.templates == []  # nothing rendered: it came from the cache
    assert "<jfa:" not in second_html
    assert token_and_key(second_html)[0] != token_and_key(first_html)[0]
    assert token_and_key(second_html)[1] != token_and_key(first_html)[1]
    # Apart from those, the two readers see the very same page.
    assert second_html.replace(token_and_key(second_html)[0], "T").replace(token_and_key(second_html)[1], "K") == (
        first_html.replace(token_and_key(first_html)[0], "T").replace(token_and_key(first_html)[1], "K")
    )
    # The token served from the cache is good for this reader's own cookie: their gift goes through.
    token, key = token_and_key(second_html)
    data = gift_form(idempotency_key=key, csrfmiddlewaretoken=token)
    gave = reader.post(reverse("donations:give_to_page", args=[alice_page.slug]), data)
    assert gave.status_code == 302 and "/give/thanks/" in gave["Location"]


def test_a_gift_an_edit_a_photo_a_cheer_or_a_new_tier_shows_to_the_very_next_reader(
    client, campaign, alice, alice_page, monkeypatch
):
    url = alice_page.get_absolute_url()
    read(Client(), url)
    give(page=alice_page, amount_minor=4_200)
    assert "US$42.00" in read(Client(), url)[1]

    alice_page.title = "Alice wears a red dress for freedom"
    alice_page.save(update_fields=["title"])
    assert "<h1>Alice wears a red dress for freedom</h1>" in read(Client(), url)[1]

    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    read(Client(), url)
    entry = DressLogEntry.objects.create(page=alice_page, day=2, photo="dresslog/x.jpg", photo_alt="A green dress")
    assert 'alt="A green dress"' in read(Client(), url)[1]
    cheer(entry=entry, cheerer_key="reader-1")
    assert "1 cheer" in read(Client(), url)[1]

    ImpactTier.objects.create(
        campaign=campaign, currency="USD", amount_minor=7_700, description="can buy a school uniform"
    )
    assert "can buy a school uniform" in read(Client(), url)[1]


def test_signed_in_readers_and_readers_with_a_message_get_their_own_rendering(client, campaign, alice, alice_page):
    url = alice_page.get_absolute_url()
    client.force_login(alice)
    assert "Edit my page" in read(client, url)[1]
    assert "Edit my page" not in read(Client(), url)[1]  # the owner's page was not kept for others
    client.logout()
    read(Client(), url)  # the page as every reader sees it, kept
    # A report sends its reader back to the page with a thank-you that only they see.
    reporter = Client()
    report = reporter.post(reverse("campaigns:page_report", args=[alice_page.slug]), {"reason": "spam"}, follow=True)
    assert "Thank you: our team will look at this page." in report.content.decode()
    assert "Thank you: our team will look at this page." not in read(Client(), url)[1]


def test_signed_in_readers_share_one_copy_kept_apart_from_anonymous_readers_and_the_owner(
    campaign, alice, alice_page, bob, charlie, team
):
    url = alice_page.get_absolute_url()
    owner, first, second, anonymous = (Client(enforce_csrf_checks=True) for _ in range(4))
    owner.force_login(alice)
    first.force_login(bob)
    second.force_login(charlie)
    assert "Edit my page" in read(owner, url)[1]
    response, html = read(first, url)
    assert "campaigns/page_detail.html" in [t.name for t in response.templates]  # the owner's copy is hers
    assert "Sign out" in html and "Edit my page" not in html
    response, html = read(second, url)
    assert response.templates == []  # Bob's copy, served to Charlie
    assert "Sign out" in html and "Edit my page" not in html and "<jfa:" not in html
    token, key = token_and_key(html)
    assert (token, key) != token_and_key(read(first, url)[1])
    # Charlie's own token and key from the kept copy carry his gift.
    gave = second.post(
        reverse("donations:give_to_page", args=[alice_page.slug]),
        gift_form(idempotency_key=key, csrfmiddlewaretoken=token),
    )
    assert gave.status_code == 302 and "/give/thanks/" in gave["Location"]
    # An anonymous reader never gets a signed-in copy (its header), nor the other way round.
    response, html = read(anonymous, url)
    assert "Sign in" in html and "Sign out" not in html
    assert "Sign out" in read(second, url)[1]


def test_a_team_page_is_shared_by_readers_its_buttons_treat_alike(campaign, alice, alice_page, bob, charlie, team):
    """The team's page offers its captain their own buttons, an advocate with a page a form to join
    and anyone else a link to sign up: readers alike share a copy, kept apart from the others."""
    url = team.get_absolute_url()
    captain, first, second, with_page, other_page, anonymous = (Client() for _ in range(6))
    captain.force_login(alice)
    first.force_login(bob)
    second.force_login(charlie)
    for reader, email in ((with_page, "dana@example.org"), (other_page, "eve@example.org")):
        advocate = make_user(email, email.split("@")[0].title())
        make_page(campaign, advocate)
        reader.force_login(advocate)

    assert "Join this team" in read(anonymous, url)[1]
    response, html = read(first, url)
    assert response.templates and "Sign out" in html and "Edit team" not in html
    assert f'href="{team_invitation(team)}"' in html  # no page yet: sign up with this team chosen
    response, html = read(second, url)
    assert response.templates == [] and "Sign out" in html  # Bob's copy, served to Charlie

    response, html = read(captain, url)
    assert response.templates and "Edit team" in html and "Leave team" not in html
    assert "Remove" not in html  # the captain's own page is the only member's
    response, html = read(with_page, url)
    assert response.templates and "Edit team" not in html
    joins = f'action="{reverse("campaigns:team_join", args=[team.slug])}"'
    assert joins in html  # joins with her page
    response, html = read(other_page, url)
    assert response.templates == [] and joins in html  # Dana's copy, served to Eve
    assert "Edit team" not in read(first, url)[1] and "Sign in" in read(anonymous, url)[1]


def test_each_language_is_kept_apart(campaign, alice_page):
    url = alice_page.get_absolute_url()
    assert "Donor wall" in read(Client(), url)[1]
    assert "Mur des donateur·rices" in read(Client(), url, **{"Accept-Language": "fr"})[1]
    assert "Donor wall" in read(Client(), url)[1]


def test_what_a_page_shows_is_told_apart_by_value_and_unknown_kinds_are_refused(campaign, alice_page):
    assert _plain({"page": alice_page, "n": 3}) == _plain({"n": 3, "page": alice_page})
    before = _plain(alice_page)
    alice_page.pitch = "Something new"
    assert _plain(alice_page) != before
    with pytest.raises(TypeError):
        _plain(object())


def test_a_team_page_is_kept_too_until_a_gift_changes_it(campaign, alice_page, team):
    url = team.get_absolute_url()
    first, first_html = read(Client(), url)
    second, second_html = read(Client(), url)
    assert first.templates and second.templates == []
    assert token_and_key(second_html) != token_and_key(first_html)
    give(team=team, amount_minor=3_100)
    third, third_html = read(Client(), url)
    assert third.templates and "US$31.00" in third_html


def test_the_home_page_is_kept_for_readers_until_the_totals_move(campaign, alice_page):
    first, _ = read(Client(), "/")
    second, _ = read(Client(), "/")
    assert first.templates and second.templates == []
    give(page=alice_page, amount_minor=5_500)
    third, third_html = read(Client(), "/")
    assert third.templates and "US$55.00" in third_html


def test_a_dress_log_day_is_kept_apart_for_readers_who_cheered_it(campaign, alice_page, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    DressLogEntry.objects.create(page=alice_page, day=2, photo="dresslog/x.jpg", photo_alt="A green dress")
    url = reverse("campaigns:page_day", args=[alice_page.slug, 2])
    first, _ = read(Client(REMOTE_ADDR="203.0.113.7"), url)
    second, _ = read(Client(REMOTE_ADDR="203.0.113.8"), url)
    assert first.templates and second.templates == []
    fan = Client(REMOTE_ADDR="203.0.113.9")
    cheered = fan.post(reverse("campaigns:page_day_cheer", args=[alice_page.slug, 2]))
    assert cheered.status_code in (200, 302)
    assert "You cheered Alice on, with 1 person in all." in read(fan, url)[1]
    other = read(Client(REMOTE_ADDR="203.0.113.10"), url)[1]
    assert "1 cheer so far" in other and "You cheered" not in other


def test_a_page_kept_by_one_release_is_not_served_by_the_next(campaign, alice_page, monkeypatch):
    from jfa.core import page_cache

    url = alice_page.get_absolute_url()
    monkeypatch.setattr(page_cache, "release", lambda: "one")
    read(Client(), url)
    assert read(Client(), url)[0].templates == []  # kept
    # A new release's templates may name other style sheets: its first reader gets a fresh page.
    monkeypatch.setattr(page_cache, "release", lambda: "two")
    assert "campaigns/page_detail.html" in [t.name for t in read(Client(), url)[0].templates]


def test_a_kept_fragment_is_drawn_afresh_by_the_next_release(client, campaign, alice, alice_page, monkeypatch):
    from jfa.core import page_cache
    from jfa.donations.models import Donation

    gift = give(page=alice_page, amount_minor=2_500)
    Donation.objects.filter(pk=gift.pk).update(message="Go Alice")
    monkeypatch.setattr(page_cache, "release", lambda: "one")
    client.force_login(alice)  # her own page is drawn for her, with the wall kept for a minute
    assert "Go Alice" in read(client, alice_page.get_absolute_url())[1]
    # Something only a new release would change (the wall's markup, say): the kept wall stays...
    Donation.objects.filter(pk=gift.pk).update(message="Go, Alice!")
    assert "Go Alice" in read(client, alice_page.get_absolute_url())[1]
    # ...until the code changes.
    monkeypatch.setattr(page_cache, "release", lambda: "two")
    assert "Go, Alice!" in read(client, alice_page.get_absolute_url())[1]


def test_the_code_digest_follows_every_file_a_page_is_rendered_from(tmp_path):
    from jfa.core.page_cache import code_digest

    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>Hello</p>")
    (tmp_path / "views.py").write_text("x = 1\n")
    before = code_digest(tmp_path)
    assert code_digest(tmp_path) == before  # the same files, the same digest
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"compiled")
    (tmp_path / "notes.po").write_text("msgid ...")  # translations count once compiled (.mo)
    assert code_digest(tmp_path) == before
    template.write_text("<p>Hello!</p>")
    assert code_digest(tmp_path) != before
    template.write_text("<p>Hello</p>")
    template.rename(tmp_path / "templates" / "other.html")  # a file's name is part of it too
    assert code_digest(tmp_path) != before
