"""What views of every app share about HTTP methods."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.log import log_response
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


def post_only(landing: Callable[..., str]) -> Callable[[View], View]:
    """Like Django's ``require_POST``, except that a visit is sent to ``landing``, the page the
    form lives on, instead of an empty "405" error.

    People do visit these addresses: someone whose sign-in lapsed sends a form, signs in again and
    is returned to the address the form went to, now as a visit; others follow a copied link.
    ``landing`` gets the request and the address's arguments and returns where to go. Nothing is
    done on a visit, and the reader is told so, to do it again from there.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                if request.method == "GET":
                    messages.info(request, _("Nothing was done: that address only takes a form. You can do it here."))
                return redirect(landing(request, *args, **kwargs))
            response = HttpResponseNotAllowed(["POST"])
            log_response(
                "Method Not Allowed (%s): %s", request.method, request.path, response=response, request=request
            )
            return response

        return wrapper

    return decorator
