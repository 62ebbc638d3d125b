"""Fewer checks per posting, none weaker.

- Postings lose their foreign-key constraints. Each one cost a query per posting at commit, while
  the balance check at commit already reads every posting of the entry; it now also proves that the
  entry exists and that each account exists in the posting's currency. On SQLite, which has no
  deferred balance check, an insert trigger checks the same. What the foreign keys also guarded,
  deleting a referenced row, stays refused: entries are append-only and an account with postings
  cannot be deleted (a new trigger), nor can its id change (added to the fixed terms).
- The idempotency key becomes a unique constraint instead of unique=True, which on PostgreSQL
  also built a pattern-matching index that no query uses.

SQLite applies the AlterFields by rebuilding the tables, which drops their triggers, so all the
SQLite rules are put back afterwards. ``SQLITE_FORWARD``/``SQLITE_BACKWARD`` here are the whole
current set (the tests lift and restore them around a flush).
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

rules = import_module("jfa.ledger.migrations.0002_database_rules")

_REFUSE_MESSAGE = "a posting needs an existing entry and an existing account in the posting currency"

SQLITE_FORWARD = [
    *(sql for sql in rules.SQLITE_FORWARD if "ledger_account_fixed_terms" not in sql),
    """
    CREATE TRIGGER ledger_account_fixed_terms BEFORE UPDATE OF id, currency, type, entity_id, fund_id ON ledger_account
    WHEN NEW.id IS NOT OLD.id OR NEW.currency IS NOT OLD.currency OR NEW.type IS NOT OLD.type
      OR NEW.entity_id IS NOT OLD.entity_id OR NEW.fund_id IS NOT OLD.fund_id
    BEGIN
        SELECT RAISE(ABORT, 'an account''s id, currency, type, entity and fund cannot change');
    END;
    """,
    f"""
    CREATE TRIGGER ledger_posting_references BEFORE INSERT ON ledger_posting
    WHEN NOT EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = NEW.entry_id)
      OR NOT EXISTS (SELECT 1 FROM ledger_account WHERE id = NEW.account_id AND currency = NEW.currency)
    BEGIN
        SELECT RAISE(ABORT, '{_REFUSE_MESSAGE}');
    END;
    """,
    """
    CREATE TRIGGER ledger_account_in_use BEFORE DELETE ON ledger_account
    WHEN EXISTS (SELECT 1 FROM ledger_posting WHERE account_id = OLD.id)
    BEGIN
        SELECT RAISE(ABORT, 'an account with postings cannot be deleted');
    END;
    """,
]
SQLITE_BACKWARD = [
    *rules.SQLITE_BACKWARD,
    "DROP TRIGGER IF EXISTS ledger_posting_references",
    "DROP TRIGGER IF EXISTS ledger_account_in_use",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION ledger_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        note text := NEW.entry_id::text || '@' || statement_timestamp()::text;
        imbalance bigint;
        lowest text;
        highest text;
        stray boolean;
    BEGIN
        -- Once per entry per firing statement: see migration 0007.
        IF current_setting('ledger.entry_checked', true) = note THEN
            RETURN NULL;
        END IF;
        SELECT SUM(p.debit_minor - p.credit_minor), MIN(p.currency), MAX(p.currency),
               bool_or((SELECT a.currency FROM ledger_account a WHERE a.id = p.account_id)
                       IS DISTINCT FROM p.currency)
                 OR NOT EXISTS (SELECT 1 FROM ledger_journalentry e WHERE e.id = NEW.entry_id)
          INTO imbalance, lowest, highest, stray
          FROM ledger_posting p
         WHERE p.entry_id = NEW.entry_id;
        IF stray THEN
            RAISE EXCEPTION '{_REFUSE_MESSAGE.replace("''", "''''")} (entry %)', NEW.entry_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF imbalance <> 0 OR lowest <> highest THEN
            RAISE EXCEPTION 'journal entry % does not balance in one currency (imbalance %, currencies % to %)',
                NEW.entry_id, imbalance, lowest, highest
                USING ERRCODE = 'check_violation';
        END IF;
        PERFORM set_config('ledger.entry_checked', note, true);
        RETURN NULL;
    END
    $$;
    """,
    """
    CREATE OR REPLACE FUNCTION ledger_refuse_account_terms_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.id IS DISTINCT FROM OLD.id OR NEW.currency IS DISTINCT FROM OLD.currency
           OR NEW.type IS DISTINCT FROM OLD.type OR NEW.entity_id IS DISTINCT FROM OLD.entity_id
           OR NEW.fund_id IS DISTINCT FROM OLD.fund_id THEN
            RAISE EXCEPTION 'an account''s id, currency, type, entity and fund cannot change'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "DROP TRIGGER ledger_account_fixed_terms ON ledger_account",
    """
    CREATE TRIGGER ledger_account_fixed_terms BEFORE UPDATE OF id, currency, type, entity_id, fund_id
    ON ledger_account FOR EACH ROW EXECUTE FUNCTION ledger_refuse_account_terms_change();
    """,
    """
    CREATE FUNCTION ledger_refuse_account_in_use_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM ledger_posting WHERE account_id = OLD.id) THEN
            RAISE EXCEPTION 'account % has postings and cannot be deleted', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END
    $$;
    """,
    """
    CREATE TRIGGER ledger_account_in_use BEFORE DELETE ON ledger_account
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_account_in_use_delete();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS ledger_account_in_use ON ledger_account",
    "DROP FUNCTION IF EXISTS ledger_refuse_account_in_use_delete()",
    "DROP TRIGGER ledger_account_fixed_terms ON ledger_account",
    *(sql for sql in rules.POSTGRES_FORWARD if "ledger_account_fixed_terms" in sql),
    *(
        sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        for sql in rules.POSTGRES_FORWARD
        if "FUNCTION ledger_refuse_account_terms_change()" in sql
    ),
    import_module("jfa.ledger.migrations.0007_balance_check_once_per_entry").ONCE_PER_ENTRY,
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_BACKWARD + SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_BACKWARD + rules.SQLITE_FORWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_balance_check_once_per_entry")]

    operations = [
        # The new constraint first, so the key is never without one.
        migrations.AddConstraint(
            model_name="journalentry",
            constraint=models.UniqueConstraint(fields=("idempotency_key",), name="ledger_entry_idempotency_key_unique"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="idempotency_key",
            field=models.CharField(max_length=120),
        ),
        migrations.AlterField(
            model_name="posting",
            name="account",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="postings",
                to="ledger.account",
            ),
        ),
        migrations.AlterField(
            model_name="posting",
            name="entry",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="postings",
                to="ledger.journalentry",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
