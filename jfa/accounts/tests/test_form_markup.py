"""The account pages (django-allauth's views) show their fields the way the rest of the site does."""

import pytest
from django.test.html import parse_html
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_in_labels_have_no_colon_and_the_checkbox_comes_before_its_label(client):
    html = client.get(reverse("account_login")).content.decode()

    assert '<label for="id_login">Email</label>' in html
    assert "Email:" not in html
    assert parse_html(
        '<div class="check"><input type="checkbox" name="remember" id="id_remember">'
        ' <label for="id_remember">Remember me</label></div>'
    ) in parse_html(html)
    # "Forgot your password?" is the password's help, which the control names for screen readers.
    assert 'aria-describedby="id_password_helptext"' in html
    assert '<p class="help" id="id_password_helptext"><a href="/accounts/password/reset/">' in html


def test_sign_up_password_rules_are_a_list_outside_any_paragraph(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert '<div class="help" id="id_password1_helptext"><ul>' in html
    assert '<p class="help" id="id_password1_helptext">' not in html
    assert 'aria-describedby="id_password1_helptext"' in html


def test_a_refused_sign_in_says_why_above_the_fields(client, django_user_model):
    response = client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong-password"})

    assert response.status_code == 200
    assert '<p class="error" role="alert">The email address and/or password you specified are not correct.</p>' in (
        response.content.decode()
    )
