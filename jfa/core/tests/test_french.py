"""French visitors get the campaign site in French (the compiled catalogue in jfa/locale)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

NBSP = "\u00a0"
CATALOGUE = settings.BASE_DIR / "jfa" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# The site's catalogue and the apps that keep their own (books, stories, transparency).
CATALOGUES = sorted((settings.BASE_DIR / "jfa").glob("**/locale/fr/LC_MESSAGES/django.po"))


@pytest.mark.django_db
def test_home_page_in_french_shows_french_navigation_and_progress(client, campaign, alice_page):
    html = client.get(reverse("campaigns:home"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").content.decode()

    assert '<html lang="fr">' in html
    # Navigation
    assert ">Récits</a>" in html
    assert ">Trouver un·e porte-parole</a>" in html
    assert ">Se connecter</a>" in html
    assert ">Créer une page</a>" in html
    assert "Find an advocate" not in html
    # Progress block: label, goal and gift count (French plural: 0 takes the singular)
    assert 'aria-label="Progression de la campagne"' in html
    assert "amassés sur" in html
    assert f"0{NBSP}% de l’objectif · 0 don<" in html
    assert "of goal" not in html


@pytest.mark.django_db
def test_english_stays_the_default(client, campaign, alice_page):
    html = client.get(reverse("campaigns:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in html
    assert ">Find an advocate</a>" in html
    assert "of goal" in html


@pytest.mark.django_db
def test_donation_form_labels_are_french(client, campaign, alice_page):
    html = client.get(reverse("campaigns:page", args=[alice_page.slug]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    for label in (
        "Autre montant",
        "Votre nom",
        "Votre courriel",
        "Votre pays",
        "Message d’encouragement",
        "Numéro de carte",
        "Date d’expiration (MM/AA)",
        "Code de sécurité",
    ):
        assert f">{label}" in html, label
    assert ">Couvrir aussi les frais de traitement de la carte" in html
    assert "Donner maintenant" in html
    assert "Journal des tenues sur 31 jours" in html
    assert "Card number" not in html


def test_there_is_a_catalogue_for_the_site_and_each_app_that_keeps_its_own():
    apps = {path.relative_to(settings.BASE_DIR).parts[1] for path in CATALOGUES}
    assert CATALOGUE in CATALOGUES
    assert {"ledger", "stories", "transparency"} <= apps


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.parent.parent.parent.parent.name))
def test_catalogue_is_complete(catalogue):
    """Every entry has a translation and none is left fuzzy after makemessages."""
    entries = catalogue.read_text(encoding="utf-8").split("\n\n")
    untranslated, fuzzy = [], []
    for entry in entries[1:]:  # the first block is the header
        lines = [line for line in entry.splitlines() if line and not line.startswith("#~")]
        if not lines:
            continue
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            fuzzy.append(entry)
        msgid = "".join(re.findall(r'"(.*)"', "\n".join(_field(lines, "msgid"))))
        for name in ("msgstr", "msgstr[0]", "msgstr[1]"):
            block = _field(lines, name)
            if block and not "".join(re.findall(r'"(.*)"', "\n".join(block))):
                untranslated.append(msgid)
    assert not fuzzy, fuzzy
    assert not untranslated, untranslated


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.parent.parent.parent.parent.name))
def test_catalogue_follows_the_sites_french_typography(catalogue):
    """Quebec usage, the same in every catalogue: a no-break space before ":" and inside « »
    (so a line never starts with the colon or the quote mark), and no space before ";", "?" or "!"."""
    wrong = []
    for entry in catalogue.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        for name in ("msgstr", "msgstr[0]", "msgstr[1]"):
            text = "".join(re.findall(r'"(.*)"', "\n".join(_field(lines, name))))
            if re.search(r" [:»]|« | [;?!]|\u00a0[;?!]", text):
                wrong.append(text)
    assert not wrong, wrong


def _field(lines: list[str], name: str) -> list[str]:
    """The lines of one keyword (msgid, msgstr, msgstr[0], …) including its continuation lines."""
    out: list[str] = []
    taking = False
    for line in lines:
        if line.startswith(name + " "):
            taking = True
            out.append(line[len(name) + 1 :])
        elif taking and line.startswith('"'):
            out.append(line)
        else:
            taking = False
    return out


def test_the_gift_count_under_a_progress_bar_is_grouped_in_both_languages():
    from django.template.loader import render_to_string
    from django.utils import translation

    from jfa.campaigns.queries import Progress
    from jfa.core.money import Money

    progress = Progress(
        raised=[Money(100, "USD")], combined=Money(100, "USD"), goal=Money(1000, "USD"), gift_count=2640
    )
    with translation.override("fr"):
        french = render_to_string("core/_progress.html", {"progress": progress, "label": "Progression"})
    with translation.override("en"):
        english = render_to_string("core/_progress.html", {"progress": progress, "label": "Progress"})
    assert "10\u00a0% de l’objectif · 2\u00a0640 dons" in french
    assert "10% of goal · 2,640 gifts" in english


def test_the_back_office_speaks_french_to_french_staff(client, staff, campaign, alice_page):
    from jfa.core.testing import give

    donation = give(page=alice_page, amount_minor=2500)
    client.force_login(staff)
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for text in (
        "Administration de Justice For All",
        "Tâches de fond",
        "Pages de porte-parole",
        "Tentatives de paiement",
    ):
        assert text in index, text
    change = client.get(
        reverse("admin:donations_donation_change", args=[donation.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    for label in ("Référence publique", "Clé d’idempotence", "Entité juridique", "Page de porte-parole", "Statut"):
        assert label in change, label
    assert "Public id" not in change and "Idempotency key" not in change
    assert "25,00\u00a0$\u00a0US de Dana Donor" in change  # the gift's own name, the French way
    # Country and language are menus, named in French, not boxes for codes.
    assert '<select name="donor_country"' in change and '<option value="US" selected>États-Unis</option>' in change
    assert '<select name="language"' in change and '<option value="fr">Français</option>' in change
    page_form = client.get(
        reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    # A page's country is read only (its currency and books follow it), named in French.
    assert '<div class="readonly">États-Unis</div>' in page_form


@pytest.mark.django_db
def test_the_account_pages_speak_the_sites_french_not_the_librarys(client, campaign):
    signin = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'placeholder="Adresse courriel"' in signin
    assert "Mot de passe oublié?" in signin
    assert "Pas encore de compte?" in signin
    signup = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vous avez déjà un compte?" in signup
    for text in (signin, signup):
        assert "e-mail" not in text and " ?" not in text


@pytest.mark.django_db
def test_french_writes_the_first_of_the_month_as_an_ordinal(client, campaign, alice_page, monkeypatch):
    import datetime

    from django.utils import translation

    from jfa.core.templatetags.jfa import calendar_date

    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 11, 20, 17, tzinfo=datetime.UTC))
    html = client.get(reverse("campaigns:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1er décembre 2026" in html
    page_html = client.get(alice_page.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"Le journal des tenues ouvre le 1er décembre{NBSP}:" in page_html

    with translation.override("fr"):
        assert calendar_date(datetime.date(2026, 12, 4), "l j F") == "vendredi 4 décembre"
        assert calendar_date(datetime.date(2026, 12, 1), "DATE_FORMAT") == "1er décembre 2026"
    with translation.override("en"):
        assert calendar_date(datetime.date(2026, 12, 1), "j F") == "1 December"
    assert calendar_date(None) == ""


def test_a_moment_names_the_clock_it_is_told_in():
    import datetime

    from django.utils import translation

    from jfa.core.templatetags.jfa import calendar_date, moment

    december = datetime.datetime(2026, 12, 12, 18, 32, tzinfo=datetime.UTC)
    october = datetime.datetime(2026, 10, 2, 16, 5, tzinfo=datetime.UTC)
    with translation.override("fr"):
        assert moment(december) == "12 décembre 2026 à 13\u00a0h\u00a032 HNE"
        assert moment(october) == "2 octobre 2026 à 12\u00a0h\u00a005 HAE"
        first = datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC)
        assert moment(first) == "1er décembre 2026 à 10\u00a0h\u00a000 HNE"
    with translation.override("en"):
        # Day before month in English too, as the rest of the site writes a date.
        assert moment(december) == "12 December 2026, 1:32 p.m. EST"
        assert calendar_date(datetime.date(2026, 12, 4)) == "4 December 2026"
    assert moment(None) == ""


@pytest.mark.django_db
def test_the_back_office_writes_the_hour_the_french_way(client, staff, campaign, alice_page):
    """ "10 h 00", as the site's pages write it, in the gift list's short column and in the columns
    Django fills from the language's own formats (payment attempts' times)."""
    from jfa.core.testing import give

    give(page=alice_page, amount_minor=2500)
    client.force_login(staff)
    hour = re.compile(r"\b\d{1,2}\u00a0h\u00a0\d{2}\b")
    for name in ("admin:donations_donation_changelist", "admin:payments_paymentattempt_changelist"):
        french = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        english = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        times = re.findall(r'<td class="field-(?:given_on|created_at)[^"]*">([^<]*)</td>', french)
        assert times and all(hour.search(time) for time in times), (name, times)
        assert not hour.search(english)
