"""The running campaign's advocate and team pages, for search engines: a donor who types an
advocate's name into a search box should find their page."""

from __future__ import annotations

from django.db.models import QuerySet

from jfa.core.sitemaps import SiteSitemap

from .models import AdvocatePage, Campaign, Team


class AdvocatePages(SiteSitemap):
    def items(self) -> QuerySet[AdvocatePage]:
        campaign = Campaign.objects.current()
        pages = AdvocatePage.objects.published().filter(campaign=campaign)
        return pages.only("slug").order_by("pk")


class Teams(SiteSitemap):
    def items(self) -> QuerySet[Team]:
        return Team.objects.open().filter(campaign=Campaign.objects.current()).only("slug").order_by("pk")
