"""The account pages write headings and buttons as sentences, like the rest of the site, in
English as in French (the library's Title Case is overridden in jfa/locale/en)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_sign_in_page_speaks_in_sentence_case(client, campaign):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    text = text_of(html)
    assert re.search(r"<h1>\s*Sign in\s*</h1>", html)
    assert "Remember me" in text
    assert "No account yet? Sign up first." in text
    assert "Sign In" not in text and "Remember Me" not in text


def test_the_sign_up_and_password_reset_pages_too(client, campaign):
    signup = text_of(client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Already have an account? Sign in." in signup
    assert "Sign Up" not in signup and "Signup" not in signup
    reset = text_of(client.get("/accounts/password/reset/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Reset my password" in reset
    assert "Password Reset" not in reset


def test_french_keeps_its_own_wording(client, campaign):
    text = text_of(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Se connecter" in text
    assert "Sign in" not in text
