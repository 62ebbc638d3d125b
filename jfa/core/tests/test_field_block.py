"""How every form of the site shows a field: label, control, help and errors."""

from __future__ import annotations

import re

from django import forms
from django.test.html import parse_html
from django.utils import translation

from jfa.campaigns.forms import PageForm
from jfa.core.templatetags.jfa import field_block
from jfa.donations.forms import DonationForm


class Sample(forms.Form):
    name = forms.CharField(label="Name <b>", help_text="As <i>printed</i> & shown")
    note = forms.CharField(label="Note", required=False)
    agree = forms.BooleanField(label="I agree", required=False)


def test_a_field_has_its_visible_label_control_and_escaped_help():
    html = str(field_block(Sample()["name"]))
    assert parse_html(html) == parse_html(
        '<div class="field"><label for="id_name">Name &lt;b&gt;</label>'
        '<input type="text" name="name" aria-describedby="id_name_helptext" required id="id_name">'
        '<p class="help" id="id_name_helptext">As &lt;i&gt;printed&lt;/i&gt; &amp; shown</p></div>'
    )


def test_an_optional_field_says_so_in_the_readers_language():
    assert '<span class="optional">(optional)</span>' in str(field_block(Sample()["note"]))
    with translation.override("fr"):
        assert '<span class="optional">(facultatif)</span>' in str(field_block(Sample()["note"]))
    assert "optional" not in str(field_block(Sample()["name"]))


def test_a_checkbox_comes_before_its_label():
    html = str(field_block(Sample()["agree"]))
    assert parse_html(html) == parse_html(
        '<div class="field"><div class="check"><input type="checkbox" name="agree" id="id_agree">'
        ' <label for="id_agree">I agree</label></div></div>'
    )


def test_errors_are_announced_and_escaped():
    form = Sample({"name": "", "note": "x"})
    assert not form.is_valid()
    form.add_error("note", "Not <this>")
    html = str(field_block(form["name"]))
    assert html.startswith('<div class="field has-error">')
    assert '<p class="error" role="alert">This field is required.</p>' in html
    # The control names its errors for screen readers, and they carry that id.
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<div id="id_name_error"><p class="error" role="alert">This field is required.</p></div>' in html
    assert '<p class="error" role="alert">Not &lt;this&gt;</p>' in str(field_block(form["note"]))


def test_every_help_text_is_the_one_its_control_points_screen_readers_to():
    checked = 0
    for form in (PageForm(with_team=False), DonationForm(currency="USD")):
        for field in form:
            if not field.help_text:
                continue
            html = str(field_block(field))
            described_by = re.search(r'aria-describedby="([^"]+)"', html).group(1)
            assert f'<p class="help" id="{described_by}">' in html, field.name
            checked += 1
    assert checked >= 3


class Sent(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    choice = forms.CharField(max_length=3, required=False)
    amount = forms.CharField(label="Amount")
    error_anchors = {"choice": "amount"}

    def clean(self):
        raise forms.ValidationError("Something <b>odd</b>")


def test_an_error_summary_links_each_problem_to_its_field_and_escapes_it():
    from jfa.core.templatetags.jfa import error_summary

    form = Sent({"token": "", "choice": "toolong", "amount": ""})
    html = str(error_summary(form, "Please check:"))

    assert parse_html(html) == parse_html(
        '<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">'
        '<h2 id="error-summary-title" class="h3">Please check:</h2><ul>'
        "<li>Something &lt;b&gt;odd&lt;/b&gt;</li>"
        "<li>This field is required.</li>"
        '<li><a href="#id_amount">Amount: Ensure this value has at most 3 characters (it has 7).</a></li>'
        '<li><a href="#id_amount">Amount: This field is required.</a></li>'
        "</ul></div>"
    )


def test_no_summary_for_a_form_not_sent_or_without_errors():
    from jfa.core.templatetags.jfa import error_summary

    assert str(error_summary(Sample(), "Please check:")) == ""
    assert str(error_summary(Sample({"name": "x"}), "Please check:")) == ""


def test_an_error_summary_writes_each_problem_the_french_way_in_french():
    from django.utils import translation

    from jfa.core.templatetags.jfa import error_summary

    form = Sent({"token": "x", "choice": "", "amount": ""})
    with translation.override("fr"):
        html = str(error_summary(form, "Veuillez vérifier :"))

    assert '<a href="#id_amount">Amount\u00a0: Ce champ est obligatoire.</a>' in html
