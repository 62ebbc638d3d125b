"""A tiny PostgreSQL helper that aborts the current statement when a condition is false.

post_entry's single-statement write uses it to refuse an entry whose accounts do not all exist in
the entry's currency, so a bad entry fails as a whole even outside any transaction block.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION ledger_assert(ok boolean, message text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION '%', message USING ERRCODE = 'check_violation';
    END IF;
    RETURN true;
END
$$;
"""
BACKWARD = "DROP FUNCTION IF EXISTS ledger_assert(boolean, text)"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_chain_head_prev_hash")]

    operations = [migrations.RunPython(forward, backward)]
