from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import queries
from .models import Post


class LatestStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Justice For All stories")
    subtitle = _("Friday partner spotlights and news from the campaign to end slavery.")

    def __call__(
        self, request: HttpRequest, *args: object, language: str | None = None, **kwargs: object
    ) -> HttpResponse:
        """``/stories/feed/`` speaks the reader's negotiated language; ``/stories/feed/fr/`` and
        ``/stories/feed/en/`` always one, since a feed reader sends no language of its own."""
        if language is None:
            return super().__call__(request, *args, **kwargs)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        with translation.override(language):
            return super().__call__(request, *args, **kwargs)

    # Absolute links from SITE_URL: the sites framework's example.com default must never leak in.
    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('stories:index')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('stories:feed_in', args=[translation.get_language()])}"

    def item_link(self, item: Post) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def items(self) -> list[Post]:
        return list(queries.visible_posts()[:20])

    def item_title(self, item: Post) -> str:
        return item.text.title

    def item_description(self, item: Post) -> str:
        return item.text.excerpt(limit=400)

    def item_pubdate(self, item: Post) -> datetime.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Post) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        return item.author.public_name

    def item_categories(self, item: Post) -> list[str]:
        return [tag.shown_name for tag in item.tags.all()]

    def item_guid(self, item: Post) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"
