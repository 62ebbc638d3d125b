"""Test data for stories, and a small cast: Alice and Bob read and comment, Mona moderates."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from jfa.accounts.models import User
from jfa.partners.models import Partner
from jfa.stories.actions import Commenter
from jfa.stories.models import Post

_serial = itertools.count(1)


def make_user(name: str = "alice", *, staff: bool = False) -> User:
    user, _ = User.objects.get_or_create(
        email=f"{name}@example.org", defaults={"display_name": name.title(), "is_staff": staff}
    )
    user.set_password("correct horse battery staple")
    user.save()
    return user


def alice() -> User:
    return make_user("alice")


def bob() -> User:
    return make_user("bob")


def mona() -> User:
    return make_user("mona", staff=True)


def make_partner(slug: str = "ijm-canada", name: str = "International Justice Mission Canada") -> Partner:
    partner, _ = Partner.objects.get_or_create(
        slug=slug, defaults={"name": name, "country": "CA", "summary": f"{name} works to end slavery."}
    )
    return partner


def make_post(
    *,
    title: str = "Friday spotlight",
    body: str = "We rescue, restore and **strengthen**.",
    status: str = Post.Status.PUBLISHED,
    publish_at: datetime.datetime | None = None,
    partner: Partner | None = None,
    comments_open: bool = True,
    author: User | None = None,
) -> Post:
    number = next(_serial)
    if publish_at is None and status != Post.Status.DRAFT:
        publish_at = timezone.now() - datetime.timedelta(hours=1)
    return Post.objects.create(
        title=title,
        slug=f"story-{number}",
        body=body,
        status=status,
        publish_at=publish_at,
        partner=partner,
        comments_open=comments_open,
        author=author or make_user("editor", staff=True),
    )


def guest(name: str = "Gina", email: str = "gina@example.org", *, ip_hash: str = "ip-gina", owned=()) -> Commenter:
    return Commenter(name=name, email=email, ip_hash=ip_hash, owned_comment_ids=frozenset(owned))


def member(user: User, *, ip_hash: str = "") -> Commenter:
    return Commenter(user=user, ip_hash=ip_hash or f"ip-{user.pk}")
