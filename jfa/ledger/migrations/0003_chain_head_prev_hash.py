from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_database_rules")]

    operations = [
        migrations.AddField(
            model_name="chainhead",
            name="prev_hash",
            field=models.CharField(default="0000000000000000000000000000000000000000000000000000000000000000", max_length=64),
        ),
    ]
