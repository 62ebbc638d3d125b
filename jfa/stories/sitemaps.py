"""Stories readers can see now, each with the time it last changed."""

from __future__ import annotations

import datetime

from jfa.core.sitemaps import SiteSitemap

from .models import Post, PostQuerySet


class Stories(SiteSitemap):
    def items(self) -> PostQuerySet:
        return Post.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, post: Post) -> datetime.datetime:
        return post.updated_at
