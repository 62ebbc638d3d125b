"""French names for funds and for who receives a gift, so French pages stop showing English
names of the books; names already set up by ``setup_books`` get their French version here."""

import django.db.models.deletion
from django.db import migrations, models


# The French for the names ``gifts.setup_books`` created before these fields existed.
FUND_NAMES_FR = {
    "ijm-canada-fund": "Fonds d’IJM Canada",
    "global-grant-pool": "Fonds mondial de subventions",
    "ca-operating": "Fonds de fonctionnement (Canada)",
    "us-operating": "Fonds de fonctionnement (États-Unis)",
}
RECIPIENTS_FR = {
    "The global grant pool for our partner organizations": "Le fonds mondial de subventions de nos organismes partenaires",
}


def name_in_french(apps, schema_editor):
    Fund = apps.get_model("ledger", "Fund")
    RoutingRule = apps.get_model("ledger", "RoutingRule")
    for code, name_fr in FUND_NAMES_FR.items():
        Fund.objects.filter(code=code, name_fr="").update(name_fr=name_fr)
    for name, name_fr in RECIPIENTS_FR.items():
        RoutingRule.objects.filter(partner_display_name=name, partner_display_name_fr="").update(
            partner_display_name_fr=name_fr
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0010_country_codes_checked"),
        ("partners", "0002_country_codes_checked"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="account",
            options={"ordering": ["code"], "verbose_name": "account", "verbose_name_plural": "accounts"},
        ),
        migrations.AlterModelOptions(
            name="fund",
            options={"ordering": ["entity__code", "code"], "verbose_name": "fund", "verbose_name_plural": "funds"},
        ),
        migrations.AlterModelOptions(
            name="journalentry",
            options={
                "ordering": ["sequence"],
                "verbose_name": "journal entry",
                "verbose_name_plural": "journal entries",
            },
        ),
        migrations.AlterModelOptions(
            name="posting",
            options={"ordering": ["entry_id", "line"], "verbose_name": "posting", "verbose_name_plural": "postings"},
        ),
        migrations.AlterModelOptions(
            name="routingrule",
            options={"ordering": ["priority"], "verbose_name": "routing rule", "verbose_name_plural": "routing rules"},
        ),
        migrations.AddField(
            model_name="fund",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="partner_display_name_fr",
            field=models.CharField(
                blank=True, max_length=160, verbose_name="who receives the gift, as shown to donors (French)"
            ),
        ),
        migrations.AlterField(
            model_name="account",
            name="entity",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="accounts",
                to="ledger.entity",
                verbose_name="legal entity",
            ),
        ),
        migrations.AlterField(
            model_name="account",
            name="fund",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="accounts",
                to="ledger.fund",
                verbose_name="fund",
            ),
        ),
        migrations.AlterField(
            model_name="account",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ledger_accounts",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AlterField(
            model_name="fund",
            name="entity",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="funds",
                to="ledger.entity",
                verbose_name="legal entity",
            ),
        ),
        migrations.AlterField(
            model_name="fund",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="funds",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="campaign_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="campaign id"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="hash",
            field=models.CharField(editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="idempotency_key",
            field=models.CharField(max_length=120, verbose_name="idempotency key"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="page_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="page id"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, verbose_name="previous entry's hash"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="returned_gift_report",
            field=models.BooleanField(default=False, verbose_name="for the returned-gift report"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="reverses",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reversals",
                to="ledger.journalentry",
                verbose_name="reverses",
            ),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="sequence",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="source_id",
            field=models.CharField(blank=True, max_length=80, verbose_name="source id"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="source_type",
            field=models.CharField(blank=True, max_length=40, verbose_name="source"),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="team_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="team id"),
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
                verbose_name="account",
            ),
        ),
        migrations.AlterField(
            model_name="posting",
            name="balance_after_minor",
            field=models.BigIntegerField(verbose_name="balance after (minor units)"),
        ),
        migrations.AlterField(
            model_name="posting",
            name="credit_minor",
            field=models.BigIntegerField(default=0, verbose_name="credit (minor units)"),
        ),
        migrations.AlterField(
            model_name="posting",
            name="currency",
            field=models.CharField(choices=[("USD", "USD"), ("CAD", "CAD")], max_length=3, verbose_name="currency"),
        ),
        migrations.AlterField(
            model_name="posting",
            name="debit_minor",
            field=models.BigIntegerField(default=0, verbose_name="debit (minor units)"),
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
                verbose_name="journal entry",
            ),
        ),
        migrations.AlterField(
            model_name="posting",
            name="line",
            field=models.PositiveSmallIntegerField(verbose_name="line"),
        ),
        migrations.AlterField(
            model_name="routingrule",
            name="entity",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="routing_rules",
                to="ledger.entity",
                verbose_name="legal entity",
            ),
        ),
        migrations.AlterField(
            model_name="routingrule",
            name="fund",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="routing_rules",
                to="ledger.fund",
                verbose_name="fund",
            ),
        ),
        migrations.RunPython(name_in_french, migrations.RunPython.noop),
    ]
