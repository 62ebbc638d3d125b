"""Rate limits counted in the shared cache (the database cache here, Redis in production)."""

from __future__ import annotations

import pytest

from jfa.core.limits import Limit, hit, is_full

pytestmark = pytest.mark.django_db

LIMITS = (Limit(count=2, seconds=60), Limit(count=3, seconds=3600))
T = 1_800_000_000.0  # the start of a minute and of an hour


def test_looking_counts_nothing():
    for _ in range(5):
        assert not is_full("tries", "someone", LIMITS, now=T)
    assert hit("tries", "someone", LIMITS, now=T)


def test_a_window_is_full_once_its_count_is_used_and_each_person_counts_apart():
    assert hit("tries", "someone", LIMITS, now=T)
    assert not is_full("tries", "someone", LIMITS, now=T)
    assert hit("tries", "someone", LIMITS, now=T + 1)
    assert is_full("tries", "someone", LIMITS, now=T + 2)
    assert not hit("tries", "someone", LIMITS, now=T + 3)
    assert not is_full("tries", "someone-else", LIMITS, now=T + 3)
    assert not is_full("other-scope", "someone", LIMITS, now=T + 3)


def test_the_short_window_reopens_but_the_long_one_still_counts():
    hit("tries", "someone", LIMITS, now=T)
    hit("tries", "someone", LIMITS, now=T + 1)
    assert is_full("tries", "someone", LIMITS, now=T + 59)
    # A minute later the first window has passed; the hour has room for one more.
    assert not is_full("tries", "someone", LIMITS, now=T + 60)
    assert hit("tries", "someone", LIMITS, now=T + 60)
    assert is_full("tries", "someone", LIMITS, now=T + 61)
    assert not is_full("tries", "someone", LIMITS, now=T + 3600)
