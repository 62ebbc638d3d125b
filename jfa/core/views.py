"""Pages of the whole site rather than of one app."""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import parse_etags, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import StoredFile
from .storage import INLINE_TYPES
from .tasks import backlog

log = logging.getLogger(__name__)


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


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: can this process reach the database and the shared cache?

    503 when it cannot, so a balancer stops sending it donors. Late or failed background work
    (emails) is reported but does not fail the check: the site still takes gifts without it.
    """
    checks: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["tasks_late"], checks["tasks_failed"] = backlog()
        checks["database"] = "ok"
    except Exception:
        log.exception("health: the database cannot be reached")
        checks["database"] = "unavailable"
    try:
        # A key of its own: probes of several processes at once must not read each other's value.
        token = uuid.uuid4().hex
        key = f"health:probe:{token}"
        cache.set(key, token, timeout=10)
        checks["cache"] = "ok" if cache.get(key) == token else "unavailable"
        cache.delete(key)
    except Exception:
        log.exception("health: the cache cannot be reached")
        checks["cache"] = "unavailable"
    healthy = checks["database"] == "ok" and checks["cache"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


# How long a browser or a CDN keeps a photo without asking again. A photo its advocate removes,
# or staff take down with its page, or that goes with a closed account, must stop being served
# soon after: an hour, then each copy asks and gets "gone" (or a bodiless "unchanged").
MEDIA_MAX_AGE = 3600


@require_safe
def media(request: HttpRequest, name: str) -> HttpResponse:
    """An uploaded photo. A stored name is never reused for other content (uploads get fresh
    names), so the name alone tags the content: a copy that asks again is answered from whether
    the file is still here, without reading it."""
    etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'
    files = StoredFile.objects.filter(name=name)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        if not files.exists():
            raise Http404("No such file.")
        response: HttpResponse = HttpResponseNotModified()
    else:
        row = files.values_list("content", "content_type").first()
        if row is None:
            raise Http404("No such file.")
        content, content_type = row
        inline = content_type in INLINE_TYPES
        response = HttpResponse(bytes(content), content_type=content_type if inline else "application/octet-stream")
        if not inline:
            response["Content-Disposition"] = "attachment"
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's own 400 view renders without the request, so the site's header and footer would
    lose the visitor's sign-in and our contact address."""
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the cross-site request check, told in the site's words and look.

    Real people meet it far more often than forgers: signing in or out in another tab renews the
    form's token, and some browsers keep no cookies. They need to know that nothing happened (above
    all, that no card was charged) and how to send the form again; Django's own page speaks of
    forgery to them. The refused form's page, when it is ours, is offered again: reopening it
    fetches a fresh token.
    """
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
    try:
        was_gift = resolve(request.path_info).namespace == "donations"
    except Resolver404:
        was_gift = False
    context = {
        "form_url": referer if referer and same_site else "",
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "was_gift": was_gift,
    }
    return render(request, "403_csrf.html", context, status=403)
