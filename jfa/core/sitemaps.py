"""Sitemaps written from SITE_URL: the sites framework's row stays at its example.com default, and
behind a proxy the request may not carry the public host either."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteSitemap(Sitemap):
    def get_domain(self, site=None) -> str:  # type: ignore[no-untyped-def]
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:  # type: ignore[no-untyped-def]
        return urlsplit(settings.SITE_URL).scheme


class NamedPages(SiteSitemap):
    """Pages that are always there, by URL name."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def items(self) -> list[str]:
        return list(self.names)

    def location(self, item: str) -> str:
        return reverse(item)
