"""Pages that every anonymous reader sees alike (the campaign home, an advocate's page, a day of
their dress log, a team's page), rendered once and then served from the shared cache, so a rush of
readers on one shared link costs little more than the queries that say what the page shows.

Nothing is ever invalidated: the cache key is a digest of what the view read to build the page
(the page's row, its totals, its dress log, its tiers, and so on), the language, the full address
(scheme, host, path and query) and the minute. A gift changes the totals, an edit changes the
row, a new photo changes the calendar: the next reader gets a new key and a fresh rendering.
What a template reads lazily on its own (the donor wall) is kept by what changes it: a gift
changes the totals, and a donor message its advocate hides marks the page and team rows. Anything
else read lazily may lag by up to the page's timeout.

The key also holds a digest of the code itself (its templates, translations, style sheets and
Python), so that a new release never serves a page rendered by the one before: such a page would
name style sheets and scripts that the new release no longer has.

Signed-in readers are kept apart from anonymous ones, and served from the cache only where the
view says its page shows nothing of its reader but what ``shows`` holds (whether they own the page,
say) and the site's header, which only says whether one is signed in: the home page, an advocate's
page and its days. A team's page offers its captain buttons of their own, and is drawn afresh for
anyone signed in.

Two things in such a page belong to each reader: the CSRF token in its forms and the donation
form's idempotency key. They are cut out of the stored copy and each reader gets their own.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import pathlib
import re
import uuid
from collections.abc import Callable, Mapping

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

TIMEOUT = 60
# Marks left in the stored copy where each reader's own values go. Escaping turns "<" in anything
# a person typed into "&lt;", so no page text can hold one.
CSRF_MARK = "<jfa:csrf-token>"
_FRESH_MARK = "<jfa:fresh-{}>"
_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"<>]+)"')


def render_for_readers(
    request: HttpRequest,
    template_name: str,
    context: dict,
    *,
    shows: object,
    fresh: Mapping[str, Callable[[], str]] | None = None,
    timeout: int = TIMEOUT,
    signed_in_too: bool = False,
) -> HttpResponse:
    """Render ``template_name`` as ``render`` would, from the shared cache when an anonymous reader
    asks for a page made from the same ``shows`` (everything the view read that the page shows:
    model rows, dataclasses, lists and plain values). ``fresh`` maps a value in the page that must
    differ for each reader to a function that makes a new one; ``timeout`` bounds how long what the
    template reads lazily (behind ``shows``) may lag.

    With ``signed_in_too``, signed-in readers are served from the cache as well, kept apart from
    anonymous ones: for a template that shows nothing of its reader but whether they are signed in
    (the site's header) and what ``shows`` holds (whether they own the page, say)."""
    fresh = fresh or {}
    if not _same_for_every_reader(request, signed_in_too=signed_in_too):
        return render(request, template_name, context)
    signed_in = request.user.is_authenticated
    key = "page-html:" + _digest((release(), template_name, get_language(), request.build_absolute_uri(),
                                  signed_in, int(timezone.now().timestamp() // 60), shows))  # fmt: skip
    stored = cache.get(key)
    if stored is None:
        response = render(request, template_name, context)
        marked = _with_marks(response.content.decode(), fresh)
        if marked is not None:
            cache.set(key, marked, timeout)
        return response
    html = stored.replace(CSRF_MARK, get_token(request)) if CSRF_MARK in stored else stored
    for n, make in enumerate(fresh.values()):
        html = html.replace(_FRESH_MARK.format(n), make())
    return HttpResponse(html)


def fresh_key() -> str:
    return uuid.uuid4().hex


# What a release is made of, as far as a rendered page can tell.
_RELEASE_SUFFIXES = frozenset({".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"})


@functools.cache
def release() -> str:
    """A digest of the code this process runs. Every process of one release works out the same one
    (from the files, not from anything held in memory), and any change to a file makes a new one."""
    return code_digest(pathlib.Path(__file__).resolve().parent.parent)


def code_digest(root: pathlib.Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in _RELEASE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _same_for_every_reader(request: HttpRequest, *, signed_in_too: bool) -> bool:
    """Signed-in people may see their own links and forms (unless the view says its page shows
    none); a message (a report received, a sign-in) is for one reader only; htmx asks for
    fragments."""
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    if request.user.is_authenticated and not signed_in_too:
        return False
    return len(get_messages(request)) == 0


def _with_marks(html: str, fresh: Mapping[str, Callable[[], str]]) -> str | None:
    """The page with each reader's own values cut out; None if one could not be found, and the
    page must then not be kept (another reader's token would fail their gift)."""
    found = _CSRF_VALUE.search(html)
    if found:
        html = html.replace(found.group(1), CSRF_MARK)
    if html.count("csrfmiddlewaretoken") != html.count(f'name="csrfmiddlewaretoken" value="{CSRF_MARK}"'):
        return None  # a token written some other way
    for n, value in enumerate(fresh):
        html = html.replace(value, _FRESH_MARK.format(n))
    return html


def _digest(value: object) -> str:
    return hashlib.sha256(repr(_plain(value)).encode()).hexdigest()


_ATOMS = frozenset(
    {
        str,
        int,
        float,
        bool,
        type(None),
        decimal.Decimal,
        datetime.date,
        datetime.datetime,
        datetime.time,
        datetime.timedelta,
        uuid.UUID,
    }
)


# The names of each dataclass's fields, worked out once per kind.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: object) -> object:
    """``value`` as nested tuples of plain values, whose repr is the same whenever what it holds is."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if isinstance(value, Model):
        # Read from the instance's own dict: a file field's name is a plain string there until
        # something opens it, when it becomes a FieldFile (handled below).
        state = value.__dict__
        row = tuple(_plain(state.get(name)) for name in _attnames(type(value)))
        # Rows read with it (a page's team and campaign) show on the page too.
        related = value._state.fields_cache
        return (kind.__name__, row, tuple((name, _plain(related[name])) for name in sorted(related)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.get(kind) or _FIELD_NAMES.setdefault(
            kind, tuple(f.name for f in dataclasses.fields(value))
        )
        return (kind.__name__, *(_plain(getattr(value, name)) for name in names))
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, Mapping):
        return tuple((str(k), _plain(value[k])) for k in sorted(value, key=str))
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, enum.Enum):
        return value.value
    # Subclasses of the plain kinds: a SafeString, a test clock's datetime.
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time | datetime.timedelta):
        return value
    if isinstance(value, set | frozenset):
        return tuple(sorted(repr(_plain(item)) for item in value))
    # Anything else has no repr we could trust to say what it holds: refuse it, rather than serve
    # one reader's page to another or never find a page again.
    raise TypeError(f"cannot tell what a {kind.__name__} shows")


@functools.cache
def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)
