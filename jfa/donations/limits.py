"""Card testing: people holding stolen card numbers try them on donation forms, one small gift
after another, to learn which still work. A donor whose card is refused tries once or twice more;
a tester keeps going. After a few refused cards from one connection, giving from it pauses."""

from __future__ import annotations

from django.conf import settings

from jfa.core.limits import Limit

DEFAULT_DECLINE_LIMITS = (Limit(count=5, seconds=900), Limit(count=15, seconds=86400))


def decline_limits() -> tuple[Limit, ...]:
    return tuple(getattr(settings, "GIVING_DECLINE_LIMITS", DEFAULT_DECLINE_LIMITS))
