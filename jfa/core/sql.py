"""Plain SQL for the few paths every gift takes, where the ORM's work per query is the cost.

Building an ORM query (compiling it, then making model objects of the rows) costs a gift more
than the database's work on it: on the giving path each query went from about a millisecond of
Python to a tenth of that. Statements here are fixed text with parameters, so on PostgreSQL
they are prepared once per connection and never planned again (``DB_PREPARED_STATEMENTS``).

Values are adapted by the model field they are written to (``db_value``), so a UUID or a
datetime reaches SQLite and PostgreSQL each in the form Django itself would send.

Queries sent this way bypass Django's cursor wrapper: they do not appear in
``connection.queries`` or in a test's query count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, signals
from django.db.models.base import ModelState

M = TypeVar("M", bound=Model)


def execute(sql: str, params: Sequence[object] = (), *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Run one statement whose result is not needed, in the caller's transaction (or its own,
    in autocommit)."""
    _run(sql, params, using=using, fetch=False)


def rows(sql: str, params: Sequence[object] = (), *, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """Run one statement that returns rows (a SELECT, or RETURNING) and return them."""
    return _run(sql, params, using=using, fetch=True)


def first(sql: str, params: Sequence[object] = (), *, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
    found = rows(sql, params, using=using)
    return found[0] if found else None


def _run(sql: str, params: Sequence[object], *, using: str, fetch: bool) -> list[tuple]:
    db = connections[using]
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)  # type: ignore[arg-type]  # any value its field prepared
            return cursor.fetchall() if fetch else []
    # What Django's own cursor does first: a connection found dead by the request's health check
    # is replaced, and nothing runs in a transaction that an earlier error has broken.
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_no_broken_transaction()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
        # Server-side parameters and prepare=True: planned once per connection. Without a
        # prepare threshold (DB_PREPARED_STATEMENTS=false) psycopg prepares nothing.
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if fetch else []


def array(values: Iterable[int | str]) -> str:
    """A PostgreSQL array literal of ``values``, to send as one text parameter cast to an array
    type (``%s::bigint[]``): psycopg's own list adaptation costs more per call than the row it
    writes. Text elements are quoted and escaped; numbers are written as they are."""
    values = values if isinstance(values, list | tuple) else list(values)
    try:
        # The common case, integers only, in one pass: int.__repr__ refuses anything else.
        return "{" + ",".join(map(int.__repr__, values)) + "}"
    except TypeError:
        pass
    items = (
        str(value) if isinstance(value, int) else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for value in values
    )
    return "{" + ",".join(items) + "}"


def compact(statement: str) -> str:
    """A statement of ours with its layout whitespace folded: psycopg keeps the parsed form of
    statements up to 4 KB only. Never use it on SQL holding text literals with spaces."""
    return " ".join(statement.split())


def db_value(model: type[Model], field_name: str, value: object, *, using: str = DEFAULT_DB_ALIAS) -> object:
    """``value`` as the database stores it in ``model.field_name``."""
    field = model._meta.get_field(field_name)
    return field.get_db_prep_save(value, connections[using])  # type: ignore[union-attr]


def table(model: type[Model]) -> str:
    return model._meta.db_table


@cache  # fixed by the model
def columns(model: type[Model]) -> tuple[str, ...]:
    """The model's concrete columns (attribute names), in model order: what ``instance`` reads."""
    return tuple(field.attname for field in model._meta.concrete_fields)


@cache  # what a model's columns need depends only on the model and the database's kind
def _converters(model: type[Model], using: str) -> list[tuple[int, list[Callable]]]:
    db = connections[using]
    found = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = db.ops.get_db_converters(column) + column.get_db_converters(db)
        if converters:
            found.append((index, converters))
    return found


def instance(model: type[M], row: Sequence[object], *, using: str = DEFAULT_DB_ALIAS) -> M:
    """A model object from a row of its ``columns`` as the database returned them, converted as the
    ORM would (SQLite hands back booleans as 0/1 and datetimes as text)."""
    values = list(row)
    db = connections[using]
    for index, converters in _converters(model, using):
        for convert in converters:
            values[index] = convert(values[index], None, db)
    return model.from_db(using, columns(model), values)


def loaded(model: type[M], values: dict[str, object], *, using: str = DEFAULT_DB_ALIAS) -> M:
    """A model object for a row just written, from every concrete column's Python value by
    attribute name: what ``from_db`` makes, at a fraction of its cost on a path every gift takes.

    ``Model.__init__`` (a call per field, and signals) is skipped unless something listens to the
    model's init signals, as an image field's dimensions do.
    """
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model.from_db(using, columns(model), [values[name] for name in columns(model)])
    if values.keys() != set(columns(model)):
        raise ValueError(f"{model.__name__} needs exactly its columns: {', '.join(columns(model))}")
    obj = model.__new__(model)
    obj.__dict__.update(values)
    state = obj._state = ModelState()
    state.adding = False
    state.db = using
    return obj


def selected(*sources: tuple[str, type[Model]]) -> str:
    """The select list of each ``(alias, model)``'s ``columns`` in turn: rows that ``instances``
    turns back into objects."""
    return ", ".join(f"{alias}.{column}" for alias, model in sources for column in columns(model))


def instances(row: Sequence[object], *models: type[Model], using: str = DEFAULT_DB_ALIAS) -> list[Any]:
    """One object per model from a row ``selected`` them in that order (``instance`` each)."""
    found: list[Any] = []
    start = 0
    for model in models:
        end = start + len(columns(model))
        found.append(instance(model, row[start:end], using=using))
        start = end
    return found


def _quoted(db: BaseDatabaseWrapper, column: str | None) -> str:
    assert column is not None  # concrete fields always have a column
    return db.ops.quote_name(column)


def insert_parts(
    obj: Model, *, exprs: dict[str, str] | None = None, using: str = DEFAULT_DB_ALIAS
) -> tuple[str, str, list[object]]:
    """Column list, value list and parameters to INSERT ``obj``: every concrete field but an
    automatic primary key, each value prepared by its field as the ORM would. ``exprs`` gives
    SQL expressions for some fields (by attribute name) instead of parameters."""
    db = connections[using]
    exprs = exprs or {}
    fields = [field for field in obj._meta.concrete_fields if not (field.primary_key and obj.pk is None)]
    names = ", ".join(_quoted(db, field.column) for field in fields)
    values = ", ".join(exprs.get(field.attname, "%s") for field in fields)
    params = [field.get_db_prep_save(field.pre_save(obj, True), db) for field in fields if field.attname not in exprs]
    return names, values, params


def save_fields(obj: Model, fields: Sequence[str], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """``obj.save(update_fields=fields)`` as one prepared UPDATE, for an object known to exist."""
    db = connections[using]
    meta = obj._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    chosen = [by_name[name] for name in fields]
    assignments = ", ".join(f"{_quoted(db, field.column)} = %s" for field in chosen)
    params = [field.get_db_prep_save(field.pre_save(obj, False), db) for field in chosen]
    assert meta.pk is not None
    where = _quoted(db, meta.pk.column)
    execute(f"UPDATE {meta.db_table} SET {assignments} WHERE {where} = %s", [*params, obj.pk], using=using)  # noqa: S608
