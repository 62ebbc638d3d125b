from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import queries
from .markup import plain_text
from .models import Post


class LatestStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Justice For All stories")
    subtitle = _("Friday partner spotlights and news from the campaign to end slavery.")

    # Absolute links from SITE_URL: the sites framework's example.com default must never leak in.
    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('stories:index')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('stories:feed')}"

    def item_link(self, item: Post) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def items(self) -> list[Post]:
        return list(queries.visible_posts()[:20])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.summary or plain_text(item.body, limit=400)

    def item_pubdate(self, item: Post) -> datetime.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Post) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        return item.author.public_name

    def item_categories(self, item: Post) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item: Post) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"
