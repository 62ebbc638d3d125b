"""What a reader of the books may ask for: their own gifts' references, sent to their address."""

from __future__ import annotations

from jfa.core.limits import Limit, hit
from jfa.core.tasks import enqueue

# Each request may send an email, so an address gets a few an hour and one reader's address
# (hashed) a few more: enough for a donor who mistyped, not for filling someone's inbox.
ADDRESS_LIMITS = (Limit(count=3, seconds=3600),)
READER_LIMITS = (Limit(count=10, seconds=3600),)


def ask_for_gift_references(*, email: str, language: str, reader: str) -> bool:
    """Queue the email of ``email``'s gift references; False when asked too often (nothing queued).

    Whether any gift was made with the address is never told here, only in the email itself, so
    the answer on the page cannot be used to learn who gave.
    """
    address = email.strip().lower()
    if not (hit("gift-references", address, ADDRESS_LIMITS) and hit("gift-references", reader, READER_LIMITS)):
        return False
    enqueue("transparency.send_gift_references", email=address, language=language)
    return True
