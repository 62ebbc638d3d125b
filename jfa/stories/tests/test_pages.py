from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jfa.core.money import Money
from jfa.ledger.actions import Line, post_entry
from jfa.ledger.models import Account, AccountRole, AccountType, Entity, Fund, FundKind
from jfa.stories.models import Post, Tag

from .factories import make_partner, make_post, mona

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_index_lists_published_posts_only_newest_first(client):
    now = timezone.now()
    older = make_post(title="Older story", publish_at=now - datetime.timedelta(days=2))
    newer = make_post(title="Newer story", publish_at=now - datetime.timedelta(days=1))
    make_post(title="Secret draft", status=Post.Status.DRAFT)
    make_post(title="Not yet", status=Post.Status.SCHEDULED, publish_at=now + datetime.timedelta(days=1))
    page = client.get(reverse("stories:index")).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "Secret draft" not in page and "Not yet" not in page


def test_the_index_is_paginated(client):
    start = timezone.now() - datetime.timedelta(days=30)
    for number in range(12):
        make_post(title=f"Story number {number:02d}", publish_at=start + datetime.timedelta(days=number))
    first = client.get(reverse("stories:index")).content.decode()
    second = client.get(reverse("stories:index"), {"page": 2}).content.decode()
    assert "Story number 11" in first and "Story number 01" not in first
    assert "Story number 01" in second and "Story number 00" in second
    assert "Page 2 of 2" in second
    assert client.get(reverse("stories:index"), {"page": "junk"}).status_code == 200


def test_a_tag_page_lists_the_posts_with_that_tag(client):
    aftercare = Tag.objects.create(name="Aftercare", slug="aftercare")
    tagged = make_post(title="Tagged story")
    tagged.tags.add(aftercare)
    make_post(title="Other story")
    page = client.get(reverse("stories:tag", args=["aftercare"])).content.decode()
    assert "Tagged story" in page and "Other story" not in page
    assert client.get(reverse("stories:tag", args=["nope"])).status_code == 404


def test_the_atom_feed_lists_published_posts(client, settings):
    make_post(title="Feed story", body="Words **for** the feed")
    make_post(title="Feed draft", status=Post.Status.DRAFT)
    response = client.get(reverse("stories:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, produced by the test
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Feed story"]
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith(f"{settings.SITE_URL}/stories/story-")
    assert "example.com" not in response.content.decode()


def test_a_post_page_carries_open_graph_tags(client, settings):
    post = make_post(title="Spotlight & friends", body="Plain words to preview.")
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Spotlight &amp; friends">' in page
    assert '<meta property="og:description" content="Plain words to preview.">' in page
    assert f'<meta property="og:url" content="{settings.SITE_URL}{post.get_absolute_url()}">' in page
    assert "application/atom+xml" in page


def test_a_post_body_is_rendered_from_markdown_without_scripts(client):
    post = make_post(body="## Four levels\n\n<script>alert(1)</script>**Rescue** victims")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<h2>Four levels</h2>" in page and "<strong>Rescue</strong>" in page
    assert "<script>alert(1)" not in page


def test_drafts_are_hidden_from_readers_and_previewed_for_staff(client):
    draft = make_post(title="Draft spotlight", status=Post.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(mona())
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Preview: this draft is visible to staff only." in page
    assert 'id="comment-form"' not in page


def _held_for(partner, amount: Money) -> None:
    entity, _ = Entity.objects.get_or_create(
        code="jfa-ca", defaults={"name": "Justice For All Canada", "country": "CA", "currency": "CAD"}
    )
    fund = Fund.objects.create(
        entity=entity, code=f"fund-{partner.slug}", name="IJM Canada", kind=FundKind.RESTRICTED, partner=partner
    )
    clearing = Account.objects.create(
        code="ca-clearing",
        name="Clearing",
        type=AccountType.ASSET,
        role=AccountRole.PROCESSOR_CLEARING,
        currency="CAD",
        entity=entity,
    )
    gifts = Account.objects.create(
        code="ca-restricted",
        name="Restricted gifts",
        type=AccountType.INCOME,
        role=AccountRole.RESTRICTED_GIFTS,
        currency="CAD",
        entity=entity,
        fund=fund,
    )
    post_entry(
        description="Gift for IJM Canada",
        idempotency_key="stories-test-gift-1",
        lines=[Line.debit(clearing, amount), Line.credit(gifts, amount)],
    )


def test_a_spotlight_shows_the_partner_and_its_live_figures(client):
    partner = make_partner()
    post = make_post(partner=partner)
    before = client.get(post.get_absolute_url()).content.decode()
    assert "About International Justice Mission Canada" in before
    assert "International Justice Mission Canada works to end slavery." in before
    _held_for(partner, Money(123450, "CAD"))
    after = client.get(post.get_absolute_url()).content.decode()
    assert "Held for them by the campaign now" in after
    assert "CA$1,234.50" in after


def test_pages_speak_french(client):
    post = make_post()
    with translation.override("fr"):
        index = client.get(reverse("stories:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        detail = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Récits" in index
    assert "Laisser une réponse" in detail and "Commentaire" in detail


def test_staff_search_and_filter_posts_and_comments_in_the_admin(client):
    from jfa.stories.actions import post_comment

    from .factories import member

    make_post(title="Admin findable story")
    staff = mona()
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    post_comment(post_id=make_post().pk, commenter=member(staff), body="Admin findable comment")
    client.force_login(staff)
    posts = client.get("/admin/stories/post/", {"q": "findable", "status__exact": "published"})
    assert posts.status_code == 200 and "Admin findable story" in posts.content.decode()
    comments = client.get("/admin/stories/comment/", {"q": "findable"})
    assert comments.status_code == 200 and "Admin findable comment" in comments.content.decode()
    assert client.get("/admin/stories/post/add/").status_code == 200


def test_the_reply_link_prepares_a_reply_to_that_comment(client):
    from jfa.stories.actions import post_comment

    from .factories import member

    post = make_post()
    top = post_comment(post_id=post.pk, commenter=member(mona()), body="Top comment")
    page = client.get(post.get_absolute_url(), {"reply": top.pk}).content.decode()
    assert "Replying to Mona." in page
    assert f'name="parent" value="{top.pk}"' in page
    client.post(
        reverse("stories:comment", args=[post.slug]),
        {"name": "Gina", "email": "gina@example.org", "body": "A reply", "parent": top.pk, "extra_info": ""},
    )
    assert top.replies.get().body == "A reply"


def test_a_spotlight_on_a_partner_without_its_own_fund_shows_the_shared_pool(client):
    from jfa.core.money import Money
    from jfa.ledger.actions import Line, post_entry
    from jfa.ledger.gifts import setup_books
    from jfa.ledger.models import AccountRole
    from jfa.partners.models import Partner

    us = setup_books()["us-foundation"]
    post_entry(
        description="A gift to the pool",
        idempotency_key="pool-gift",
        lines=[
            Line.debit(us.accounts[AccountRole.PROCESSOR_CLEARING], Money(4_200, "USD")),
            Line.credit(us.accounts[AccountRole.RESTRICTED_GIFTS], Money(4_200, "USD")),
        ],
    )
    partner = Partner.objects.create(slug="freedom-road", name="Freedom Road Aftercare", country="US")
    post = make_post(partner=partner)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "In the shared grant pool they will be granted from" in html
    assert "US$42.00" in html


def test_a_story_ends_by_leading_its_reader_to_an_advocate_to_give_to(client):
    post = make_post(title="Meet the partner")
    html = client.get(post.get_absolute_url()).content.decode()
    cta = html[html.index('<p class="story-cta">') : html.index("</article>")]
    assert "Every gift made on an advocate's page goes whole to our partners." in cta.replace("&#x27;", "'")
    assert f'<a class="button" href="{reverse("campaigns:search")}">Find an advocate to support</a>' in cta
    french = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Soutenir un·e porte-parole</a>" in french
