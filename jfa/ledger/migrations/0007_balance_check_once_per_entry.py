"""The deferred balance check does its work once per entry instead of once per posting.

At commit PostgreSQL fires the check for every posting row written. Each firing used to query the
whole entry again, so a five-leg gift ran the same query five times. Now the first firing for an
entry checks it and notes "entry N, checked in this statement"; the firings for its other postings,
which come in the same COMMIT (or SET CONSTRAINTS ... IMMEDIATE) statement, find the note and
return. Nothing can add a posting between firings of one statement, so the note cannot hide one: a
posting written after an earlier SET CONSTRAINTS ... IMMEDIATE fires in a later statement and is
checked again.

The query also got cheaper: MIN/MAX of the currency instead of COUNT(DISTINCT), and each account's
currency read by primary key instead of hashing the whole accounts table.
"""

from importlib import import_module

from django.db import migrations

rules = import_module("jfa.ledger.migrations.0002_database_rules")

ONCE_PER_ENTRY = """
CREATE OR REPLACE FUNCTION ledger_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    note text := NEW.entry_id::text || '@' || statement_timestamp()::text;
    imbalance bigint;
    lowest text;
    highest text;
    mismatched boolean;
BEGIN
    IF current_setting('ledger.entry_checked', true) = note THEN
        RETURN NULL;
    END IF;
    SELECT SUM(p.debit_minor - p.credit_minor), MIN(p.currency), MAX(p.currency),
           bool_or((SELECT a.currency FROM ledger_account a WHERE a.id = p.account_id) IS DISTINCT FROM p.currency)
      INTO imbalance, lowest, highest, mismatched
      FROM ledger_posting p
     WHERE p.entry_id = NEW.entry_id;
    IF imbalance <> 0 OR lowest <> highest OR mismatched THEN
        RAISE EXCEPTION 'journal entry % does not balance in one currency (imbalance %, currencies % to %)',
            NEW.entry_id, imbalance, lowest, highest
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM set_config('ledger.entry_checked', note, true);
    RETURN NULL;
END
$$;
"""

# 0002's function body, for going back.
PER_POSTING = next(sql for sql in rules.POSTGRES_FORWARD if "ledger_check_entry_balanced()" in sql).replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ONCE_PER_ENTRY, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PER_POSTING, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_operating_bank_account")]

    operations = [migrations.RunPython(forward, backward)]
