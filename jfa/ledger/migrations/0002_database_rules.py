"""Rules the database enforces on the books, whatever code (or person) writes to it.

- Journal entries and postings are append-only: UPDATE and DELETE are refused by triggers on both
  SQLite and PostgreSQL. Corrections are reversing entries.
- An account's currency, type and owners cannot change once it exists (its postings depend on them).
- On PostgreSQL, a deferred constraint trigger checks at commit that every entry written in the
  transaction balances, has one currency and matches its accounts' currency.

TRUNCATE is deliberately not refused: Django's test flush uses it on PostgreSQL. In production the
application's database role should not own the tables, so it cannot truncate or drop triggers.
"""

from django.db import migrations

APPEND_ONLY_TABLES = ("ledger_journalentry", "ledger_posting")

SQLITE_FORWARD = [
    *(
        f"""
        CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN
            SELECT RAISE(ABORT, 'ledger rows are append-only: {op} on {table} refused; post a reversing entry');
        END;
        """
        for table in APPEND_ONLY_TABLES
        for op in ("UPDATE", "DELETE")
    ),
    """
    CREATE TRIGGER ledger_account_fixed_terms BEFORE UPDATE OF currency, type, entity_id, fund_id ON ledger_account
    WHEN NEW.currency IS NOT OLD.currency OR NEW.type IS NOT OLD.type
      OR NEW.entity_id IS NOT OLD.entity_id OR NEW.fund_id IS NOT OLD.fund_id
    BEGIN
        SELECT RAISE(ABORT, 'an account''s currency, type, entity and fund cannot change');
    END;
    """,
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_{op}" for table in APPEND_ONLY_TABLES for op in ("update", "delete")),
    "DROP TRIGGER IF EXISTS ledger_account_fixed_terms",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'ledger rows are append-only: % on % refused; post a reversing entry', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END
    $$;
    """,
    *(
        f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
        """
        for table in APPEND_ONLY_TABLES
    ),
    """
    CREATE FUNCTION ledger_refuse_account_terms_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.currency IS DISTINCT FROM OLD.currency OR NEW.type IS DISTINCT FROM OLD.type
           OR NEW.entity_id IS DISTINCT FROM OLD.entity_id OR NEW.fund_id IS DISTINCT FROM OLD.fund_id THEN
            RAISE EXCEPTION 'an account''s currency, type, entity and fund cannot change'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    """
    CREATE TRIGGER ledger_account_fixed_terms BEFORE UPDATE OF currency, type, entity_id, fund_id
    ON ledger_account FOR EACH ROW EXECUTE FUNCTION ledger_refuse_account_terms_change();
    """,
    # Runs at COMMIT (or at SET CONSTRAINTS ... IMMEDIATE) once per posting written; post_entry
    # writes an entry's postings in one statement, so the check sees the whole entry.
    """
    CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        imbalance numeric;
        currencies integer;
        mismatched integer;
    BEGIN
        SELECT COALESCE(SUM(p.debit_minor) - SUM(p.credit_minor), 0),
               COUNT(DISTINCT p.currency),
               COUNT(*) FILTER (WHERE p.currency <> a.currency)
          INTO imbalance, currencies, mismatched
          FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
         WHERE p.entry_id = NEW.entry_id;
        IF imbalance <> 0 OR currencies <> 1 OR mismatched <> 0 THEN
            RAISE EXCEPTION 'journal entry % does not balance in one currency (imbalance %, currencies %)',
                NEW.entry_id, imbalance, currencies
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END
    $$;
    """,
    """
    CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS ledger_posting_balanced ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_check_entry_balanced()",
    "DROP TRIGGER IF EXISTS ledger_account_fixed_terms ON ledger_account",
    "DROP FUNCTION IF EXISTS ledger_refuse_account_terms_change()",
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in APPEND_ONLY_TABLES),
    "DROP FUNCTION IF EXISTS ledger_refuse_change()",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql, params=None)

    return run


forward = _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})
backward = _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


def create_chain_head(apps, schema_editor):
    apps.get_model("ledger", "ChainHead").objects.using(schema_editor.connection.alias).get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(create_chain_head, migrations.RunPython.noop),
    ]
