from django.db import migrations, models
from django.db.models.functions import Now


def mark_closed_teams(apps, schema_editor):
    # Teams whose captain closed their account before closed_at existed were renamed and given an
    # address of this form, which no advocate can choose.
    Team = apps.get_model("campaigns", "Team")
    Team.objects.filter(slug__startswith="closed--", closed_at__isnull=True).update(closed_at=Now())


def _moment(name: str) -> models.DateTimeField:
    return models.DateTimeField(blank=True, editable=False, null=True, verbose_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0014_announcements"),
    ]

    operations = [
        migrations.AddField(model_name="advocatepage", name="wall_changed_at", field=_moment("wall last changed")),
        migrations.AddField(model_name="team", name="wall_changed_at", field=_moment("wall last changed")),
        migrations.AddField(model_name="team", name="closed_at", field=_moment("closed at")),
        migrations.RunPython(mark_closed_teams, migrations.RunPython.noop),
    ]
