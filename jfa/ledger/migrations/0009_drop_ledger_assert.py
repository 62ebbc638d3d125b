"""ledger_assert (0004) is no longer called: a posting to a missing or foreign-currency account now
fails on balance_after_minor's NOT NULL (see actions._write_postgresql)."""

from importlib import import_module

from django.db import migrations

created = import_module("jfa.ledger.migrations.0004_ledger_assert")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0008_leaner_posting_checks")]

    operations = [migrations.RunPython(created.backward, created.forward)]
