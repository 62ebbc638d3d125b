"""Sending many emails at once, for tasks that run in batches; the headers of a one-click stop."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage, get_connection

from .tasks import Outcomes


def one_line(text: str) -> str:
    """A subject with a typed name or title in it, on one line: a header with a line break is refused."""
    return " ".join(text.split())


def send_each(messages: Sequence[EmailMessage | BaseException | None]) -> Outcomes:
    """Send every message over one connection to the mail server; one outcome per item.

    An item that is already an exception (a message that could not be written) is passed
    through as its own outcome; None is an item with nothing to send, done as it is. A message
    the server refuses fails alone: the others still go. If the server cannot be reached at all,
    this raises and the whole batch is retried.
    """
    outcomes: Outcomes = []
    with get_connection() as connection:
        for message in messages:
            if message is None or isinstance(message, BaseException):
                outcomes.append(message)
                continue
            message.connection = connection
            try:
                message.send()
            except Exception as error:  # noqa: BLE001 — this message's outcome, retried later
                outcomes.append(error)
            else:
                outcomes.append(None)
    return outcomes


def one_click_stop(url: str) -> dict[str, str]:
    """Headers with which mail clients offer their own "unsubscribe" button (RFC 2369, and RFC
    8058 for one click: the client POSTs to ``url``, which must therefore take a POST without a
    CSRF token; the signed token in it is the proof)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
