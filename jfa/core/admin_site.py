"""The staff admin: Django's site, named for us, whose lists turn a date beyond the calendar in
their address into the admin's own "bad filter" answer instead of a server error."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

_YEAR_TRANSFORMS = {"year", "iso_year"}
_View = TypeVar("_View", bound=Callable[..., Any])


def years_out_of_range(query: QueryDict) -> bool:
    """Whether a filter in ``query`` asks for a year Python's dates cannot hold.

    Django builds the bounds of a year lookup as dates while it writes the SQL, long after the
    admin checked the filters, so ``?created_at__year=0`` raised ValueError from inside the page.
    A number that is not a year at all is left to the admin, which already answers it. A lookup
    through a relation to a plain integer field named ``year`` is caught too: no row of ours
    holds a year outside 1 to 9999, so that filter could only ever show nothing.
    """
    for key, values in query.lists():
        if not _YEAR_TRANSFORMS.intersection(key.split("__")[1:]):
            continue
        for value in values:
            for part in value.split(","):
                try:
                    year = int(part)
                except ValueError:
                    continue
                if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
                    return True
    return False


def _answers_years_out_of_range(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def changelist(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if years_out_of_range(request.GET):
            # What the admin answers any filter it cannot apply: the list, unfiltered, with a note.
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return view(request, *args, **kwargs)

    return changelist


class SiteAdmin(admin.AdminSite):
    # Staff see whose back office this is, in their language, not "Django administration".
    site_header = _("Justice For All administration")
    site_title = _("Justice For All administration")
    index_title = _("Campaign, gifts and books")
    # Django's sidebar of every app beside every page took 300 pixels from the lists, so on a
    # laptop the gift list's dates and the page list's teams fell off its right edge. The home
    # page and the breadcrumbs already lead to every list.
    enable_nav_sidebar = False

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        """The home page opens with what staff come to look at every day (a campaign at a glance,
        reports waiting): each registered admin with an ``index_links(request)`` method offers
        its own, as (label, address) pairs."""
        links = []
        for model_admin in self._registry.values():
            offer = getattr(model_admin, "index_links", None)
            if offer is not None and model_admin.has_view_permission(request):
                links += offer(request)
        return super().index(request, {"index_links": links, **(extra_context or {})})

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        # Every model's list, ours and the libraries' alike, passes through here; the check runs
        # inside the admin's own sign-in and permission wrapper.
        if getattr(view, "__name__", "") == "changelist_view":
            view = cast(_View, _answers_years_out_of_range(view))
        return super().admin_view(view, cacheable)


class AdminConfig(DjangoAdminConfig):
    """Django's admin app, installed with the site above as ``admin.site``."""

    default_site = "jfa.core.admin_site.SiteAdmin"
