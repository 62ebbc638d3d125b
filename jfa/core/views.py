"""Pages of the whole site rather than of one app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What we keep about donors, advocates and commenters, what the public sees, and who to ask."""
    return render(request, "core/privacy.html")
