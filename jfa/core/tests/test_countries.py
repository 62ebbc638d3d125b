"""Every country, named in the reader's language, and a country list that renders like Django's."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test.html import parse_html
from django.utils import translation

from jfa.campaigns.models import AdvocatePage
from jfa.core.countries import (
    COUNTRY_CODES,
    CountryChoices,
    country_choices,
    country_from_languages,
    country_name,
    is_country,
)
from jfa.core.widgets import CountryField, LongSelect
from jfa.ledger.models import RoutingRule


def test_every_iso_country_is_offered_and_groupings_are_not():
    assert {"US", "CA", "PL", "AT", "VN", "XK"} <= COUNTRY_CODES
    assert not {"EU", "UN", "ZZ", "QO", "001"} & COUNTRY_CODES
    assert 245 <= len(COUNTRY_CODES) <= 252
    assert is_country("PL") and not is_country("pl") and not is_country("EU") and not is_country(None)


def test_names_follow_the_language_and_the_list_sorts_in_it():
    assert country_name("KR", "en") == "South Korea"
    assert country_name("KR", "fr") == "Corée du Sud"
    assert country_name("ZZ", "fr") == "ZZ"  # not a country: shown as given, never an error
    with translation.override("fr"):
        assert country_name("US") == "États-Unis"
        choices = country_choices()
    codes = [code for code, _name in choices]
    assert codes[:2] == ["US", "CA"]
    assert len(codes) == len(COUNTRY_CODES)
    # Accents do not push a country to the end of the list: Égypte sorts among the E's.
    assert codes.index("DK") < codes.index("EG") < codes.index("ES") < codes.index("FI")
    with translation.override("en"):
        english = [code for code, _name in country_choices()]
    assert english.index("DK") < english.index("EG") < english.index("FI") < english.index("DE")  # Germany


def test_long_select_renders_what_djangos_select_renders():
    choices = [("US", "United States"), ("CA", "Canada"), ("X&Y", "<Ampersand & co>"), ("", "None yet")]
    for value in ("CA", "X&Y", "", None, "nowhere"):
        for attrs in ({"id": "id_country"}, {"id": "id_c", "aria-describedby": "id_c_help", "required": True}):
            ours = LongSelect(choices=choices).render("country", value, attrs=attrs)
            django = forms.Select(choices=choices).render("country", value, attrs=attrs)
            assert parse_html(ours) == parse_html(django), (value, attrs)
    assert "&lt;Ampersand &amp; co&gt;" in LongSelect(choices=choices).render("c", None)


def test_long_select_hands_option_groups_back_to_django():
    choices = [("Americas", [("US", "United States"), ("CA", "Canada")])]
    html = LongSelect(choices=choices).render("country", "CA")
    assert "<optgroup" in html and 'value="CA" selected' in html


def test_country_fields_refuse_what_is_not_a_country_code(db):

    for typed in ("ca", "Canada", "EU", "C"):
        with pytest.raises(ValidationError) as refused:
            AdvocatePage(country=typed).clean_fields(exclude=_all_but(AdvocatePage, "country"))
        assert "is not a country code" in str(refused.value)
    AdvocatePage(country="CA").clean_fields(exclude=_all_but(AdvocatePage, "country"))
    with translation.override("fr"):
        with pytest.raises(ValidationError) as refused_in_french:
            AdvocatePage(country="ca").clean_fields(exclude=_all_but(AdvocatePage, "country"))
        assert "ca n’est pas un code de pays" in str(refused_in_french.value)
    RoutingRule(country="*").clean_fields(exclude=_all_but(RoutingRule, "country"))
    with pytest.raises(ValidationError):
        RoutingRule(country="**").clean_fields(exclude=_all_but(RoutingRule, "country"))


def _all_but(model, name: str) -> list[str]:
    return [field.name for field in model._meta.fields if field.name != name]


def test_a_country_menu_names_countries_in_the_language_of_each_render():
    field = CountryField()
    with translation.override("en"):
        english = field.widget.render("country", "KR")
    with translation.override("fr"):
        french = field.widget.render("country", "DE")
    assert '<option value="KR" selected>South Korea</option>' in english
    assert '<option value="DE">Germany</option>' in english
    assert '<option value="DE" selected>Allemagne</option>' in french
    assert '<option value="KR">Corée du Sud</option>' in french
    assert english.count(" selected") == french.count(" selected") == 1
    with translation.override("fr"):
        assert parse_html(field.widget.render("country", "CA", attrs={"id": "id_country"})) == parse_html(
            forms.Select(attrs={"autocomplete": "country"}, choices=country_choices()).render(
                "country", "CA", attrs={"id": "id_country"}
            )
        )


def test_country_choices_offer_every_country_once_after_an_optional_blank():
    with translation.override("en"):
        plain = list(CountryChoices())
        with_blank = list(CountryChoices(blank="—"))
    assert plain == country_choices()
    assert with_blank == [("", "—"), *plain]
    assert len({code for code, _name in plain}) == len(COUNTRY_CODES)


def test_a_long_select_with_unhashable_choices_still_renders():
    class Unhashable(str):
        __hash__ = None  # type: ignore[assignment]

    html = LongSelect(choices=[("a", Unhashable("Alpha")), ("b", "Beta")]).render("x", "b")
    assert html == '<select name="x"><option value="a">Alpha</option><option value="b" selected>Beta</option></select>'


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", "CA"),
        ("en-GB", "GB"),
        ("de;q=0.2, en-ca", "CA"),  # the most preferred tag with a country wins, whatever its case
        ("zh-Hant-TW", "TW"),
        ("fr", None),
        ("es-419", None),  # a region of the world, not a country
        ("en-EU", None),
        ("*", None),
        ("", None),
        ("fr-CA;q=abc", None),  # not a header: nothing is guessed
        ("x" * 5000, None),
    ],
)
def test_a_browsers_languages_may_name_a_country(header, country):
    assert country_from_languages(header) == country
