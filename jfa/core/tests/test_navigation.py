"""The site's navigation marks the section the reader is in."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current(html: str) -> list[str]:
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_the_navigation_marks_the_current_section_and_nothing_else(client, campaign, alice, alice_page):
    assert current(client.get(reverse("campaigns:home")).content.decode()) == []
    assert current(client.get(reverse("campaigns:search")).content.decode()) == ["/search/"]
    assert current(client.get(reverse("stories:index")).content.decode()) == ["/stories/"]
    assert current(client.get(reverse("transparency:lookup")).content.decode()) == ["/transparency/"]
    client.force_login(alice)
    assert current(client.get(reverse("campaigns:dashboard")).content.decode()) == ["/me/"]
    assert current(client.get(alice_page.get_absolute_url()).content.decode()) == []
