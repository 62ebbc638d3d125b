"""Search that ignores accents and case on every database: "cote" finds "Nadia Côté".

A folded copy of each page's name and title, and of each team's name, kept by the models' save().
Existing rows are filled here; the folding is written out so this migration never changes meaning.
"""

import unicodedata

from django.db import migrations, models


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fill(apps, schema_editor):
    AdvocatePage = apps.get_model("campaigns", "AdvocatePage")
    Team = apps.get_model("campaigns", "Team")
    pages = list(AdvocatePage.objects.only("id", "display_name", "title"))
    for page in pages:
        page.search_text = _fold(f"{page.display_name} {page.title}")
    AdvocatePage.objects.bulk_update(pages, ["search_text"], batch_size=500)
    teams = list(Team.objects.only("id", "name"))
    for team in teams:
        team.search_text = _fold(team.name)
    Team.objects.bulk_update(teams, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_translated_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="advocatepage",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=201),
        ),
        migrations.AddField(
            model_name="team",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=80),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
