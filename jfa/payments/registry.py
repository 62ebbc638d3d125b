"""Payment providers by code. Adding one means adding a folder under providers/ and a line here."""

from __future__ import annotations

from django.conf import settings

from .providers.base import PaymentProvider
from .providers.sandbox.provider import SandboxProvider

PROVIDERS: dict[str, type[PaymentProvider]] = {
    SandboxProvider.code: SandboxProvider,
}


def get_provider(code: str | None = None) -> PaymentProvider:
    code = code or settings.PAYMENT_PROVIDER
    try:
        return PROVIDERS[code]()
    except KeyError:
        raise LookupError(f"unknown payment provider {code!r}") from None
