from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.mail import EmailMessage
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class _Site:
    name: str
    domain: str


def _our_site() -> _Site:
    return _Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    # Account emails (confirm your address, reset your password) name the site from the sites
    # framework, whose row says "example.com" unless someone edits it: a confirmation from
    # "example.com" reads like phishing. They use SITE_NAME and SITE_URL, as every other page does.
    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        context = {**context, "current_site": _our_site(), "site_url": settings.SITE_URL}
        return super().render_mail(template_prefix, email, context, headers)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff without a page of their own come to work in the back office, not to be asked to
        open a fundraising page; an address they were sent to sign in for still wins (allauth
        follows ``next`` before asking here)."""
        user = request.user
        if user.is_staff and not user.pages.exists():
            return reverse("admin:index")
        return super().get_login_redirect_url(request)

    def new_user(self, request):
        """A new account starts in the language its owner signed up in."""
        user = super().new_user(request)
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    # A provider is installed whether or not its credentials are set (``stories.social``), so its
    # login and callback addresses exist either way. Without credentials allauth finds no app and
    # raises, which would answer a stale link or a crawler with a server error: it is a 404.
    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404 from None
