"""Pages of the whole site rather than of one app."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What we keep about donors, advocates and commenters, what the public sees, and who to ask."""
    return render(request, "core/privacy.html")


# Personal and transactional pages stay out of search engines (they also say noindex themselves).
ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/me/", "/give/thanks/", "/payments/", "/stories/moderation/"]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
