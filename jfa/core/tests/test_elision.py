"""French drops the e of "de" and "que" before a name that opens on a vowel: "la page d’Alice",
never "la page de Alice", which every French reader sees as a mistake."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from jfa.core.text import elide

FRENCH = "fr-CA,fr;q=0.9"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("la page de Alice", "Alice", "la page d’Alice"),
        ("le commentaire de Uma", "Uma", "le commentaire d’Uma"),
        (
            "À propos de International Justice Mission",
            "International Justice Mission",
            "À propos d’International Justice Mission",
        ),
        ("la page de Élodie", "Élodie", "la page d’Élodie"),
        ("en tant que Iris.", "Iris", "en tant qu’Iris."),
        ("De Aisha, pour vous", "Aisha", "D’Aisha, pour vous"),
        (
            "capitaine de <a href='/t/x/'>Ottawa Runway</a>",
            "Ottawa Runway",
            "capitaine d’<a href='/t/x/'>Ottawa Runway</a>",
        ),
        ("la page de Yves", "Yves", "la page d’Yves"),
        # A y before a vowel sounds as a consonant; an h may be sounded: "de" is right there.
        ("la page de Yusuf", "Yusuf", "la page de Yusuf"),
        ("la page de Hugo", "Hugo", "la page de Hugo"),
        ("la page de Bruno", "Bruno", "la page de Bruno"),
        # Only the word "de" itself ("aide" ends in de), and only before the name filled in.
        ("une aide Alice", "Alice", "une aide Alice"),
        ("un don de 25,00 $ de Alice", "Alice", "un don de 25,00 $ d’Alice"),
        # A name is nobody's to respell, even one holding a "de" before a vowel.
        ("la page de João de Almeida", "João de Almeida", "la page de João de Almeida"),
        ("la page de Ana de Oliveira", "Ana de Oliveira", "la page d’Ana de Oliveira"),
    ],
)
def test_french_elides_de_and_que_before_a_name_that_opens_on_a_vowel(text, name, expected):
    with translation.override("fr"):
        assert elide(text, name) == expected


def test_english_is_left_as_it_is():
    with translation.override("en"):
        assert elide("Give de Alice", "Alice") == "Give de Alice"


def test_safe_markup_stays_safe_and_plain_text_stays_plain():
    with translation.override("fr"):
        safe = elide(mark_safe("la page de <strong>Alice</strong>"), "Alice")
        plain = elide("la page de Alice", "Alice")
    assert isinstance(safe, SafeData) and safe == "la page d’<strong>Alice</strong>"
    assert not isinstance(plain, SafeData) and plain == "la page d’Alice"


def test_the_template_tag_elides_before_the_names_it_is_given_as_the_page_shows_them():
    template = Template(
        "{% load i18n jfa %}{% elide name %}{% blocktranslate %}Gifts on the page of {{ name }}"
        "{% endblocktranslate %}{% endelide %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"name": "Aisha"})) == "Dons sur la page d’Aisha"
        assert template.render(Context({"name": "Ana & Eli"})) == "Dons sur la page d’Ana &amp; Eli"
        assert template.render(Context({"name": "<b>Ana</b>"})) == "Dons sur la page de &lt;b&gt;Ana&lt;/b&gt;"
    with translation.override("en"):
        assert template.render(Context({"name": "Aisha"})) == "Gifts on the page of Aisha"


@pytest.mark.django_db
def test_a_page_report_and_a_printed_card_name_alice_as_french_writes_it(client, campaign, alice_page):
    report = client.get(reverse("campaigns:page_report", args=[alice_page.slug]), HTTP_ACCEPT_LANGUAGE=FRENCH)
    card = client.get(reverse("campaigns:page_card", args=[alice_page.slug]), HTTP_ACCEPT_LANGUAGE=FRENCH)

    assert f"Vous signalez «{NBSP}{alice_page.title}{NBSP}» d’Alice." in report.content.decode()
    assert "<title>Une carte pour la page d’Alice" in card.content.decode()
    assert 'alt="Code QR menant à la page d’Alice"' in card.content.decode()


# Placeholders that hold a person's, a team's or a partner's name.
_NAMES = r"name|donor|team|teams|captain|advocate|user_display|partner|member"
_NAME_AFTER_DE = re.compile(rf"\b(?:de|que) %\((?:{_NAMES})\)s", re.IGNORECASE)
_BLOCK = re.compile(
    r"(\{% elide [^%]+%\})?\{% blocktrans(?:late)?(?P<args>[^%]*)%\}(?P<body>.*?)\{% endblocktrans(?:late)? %\}", re.S
)
_CALL = re.compile(r"\b(?:_|gettext|gettext_lazy)\(\s*\"((?:[^\"\\]|\\.)*)\"")


def _french(singular: str, plural: str | None = None, n: int = 1) -> str:
    with translation.override("fr"):
        return translation.ngettext(singular, plural, n) if plural else translation.gettext(singular)


def test_every_french_message_with_a_name_after_de_is_elided():
    """A message whose French puts a name right after "de" or "que" goes through ``elide``: in a
    template inside ``{% elide %}``, in Python inside ``elide(...)``. A new message that forgets
    it is named here."""
    forgotten = []
    root = settings.BASE_DIR / "jfa"
    for path in sorted(root.glob("**/templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for block in _BLOCK.finditer(path.read_text(encoding="utf-8")):
            forms = [
                re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", form.replace("%", "%%"))
                for form in block["body"].split("{% plural %}")
            ]
            french = " ".join(_french(forms[0], forms[1] if len(forms) > 1 else None, n) for n in (1, 2))
            if _NAME_AFTER_DE.search(french) and not block.group(1):
                forgotten.append(f"{path.relative_to(root)}: {forms[0]}")
    for path in sorted(root.glob("**/*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for call in _CALL.finditer(source):
            if (
                _NAME_AFTER_DE.search(_french(call[1]))
                and "elide(" not in source[max(0, call.start() - 80) : call.end() + 120]
            ):
                forgotten.append(f"{path.relative_to(root)}: {call[1]}")
    assert not forgotten, forgotten


@pytest.mark.django_db
def test_the_email_confirmation_page_asks_about_the_address_alone(client, campaign):
    """An account opened a moment ago has no name yet: allauth's "an email address for user …"
    named the address twice, and in French wrote "de ana@…"."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    from jfa.accounts.models import User

    user = User.objects.create_user(email="ana@example.org", password="correct horse battery staple")
    address = EmailAddress.objects.create(user=user, email="ana@example.org", verified=False, primary=True)
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE=FRENCH).content.decode()

    link = '<a href="mailto:ana@example.org">ana@example.org</a>'
    assert f"Please confirm that {link} is your email address." in english
    assert f"Confirmez que l’adresse {link} est bien la vôtre." in french
    assert "for user" not in english and "de ana@" not in french


@pytest.mark.django_db
def test_signing_in_before_confirming_sends_a_confirmation_in_our_words(client, campaign, mailoutbox):
    from allauth.account.models import EmailAddress

    from jfa.accounts.models import User

    user = User.objects.create_user(email="ana@example.org", password="correct horse battery staple")
    EmailAddress.objects.create(user=user, email="ana@example.org", verified=False, primary=True)

    client.post(
        reverse("account_login"),
        {"login": "ana@example.org", "password": "correct horse battery staple"},
        HTTP_ACCEPT_LANGUAGE=FRENCH,
    )

    [email] = mailoutbox
    assert "Confirmez cette adresse courriel pour votre compte Justice For All." in email.body
    assert "Pour la confirmer, ouvrez ce lien" in email.body
    assert "a donné votre adresse" not in email.body
