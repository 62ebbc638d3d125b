from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response.

    Pages show text typed by advocates, donors and commenters. It is escaped or sanitized before it
    is shown; the policy is the second line: if a slip ever lets markup through, the browser still
    runs no script that is not one of our own files.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's debug error pages carry their own inline styles and scripts.
        debug_page = settings.DEBUG and response.status_code >= 400
        if self.policy and not debug_page and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class NulCharacter(SuspiciousOperation):
    """Django answers a SuspiciousOperation with a 400 and logs it under ``django.security``."""


class RejectNulCharactersMiddleware:
    """A NUL character has no place in a web address, and PostgreSQL refuses it in any text value:
    a request with one in its path or query gets a 400 here, not a 500 from the first query that
    uses it. (Form fields refuse it on their own.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or (
            request.META.get("QUERY_STRING")
            and any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values)
        ):
            raise NulCharacter("A NUL character in the request's address.")
        return self.get_response(request)
