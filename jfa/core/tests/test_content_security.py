"""Every response carries the content security policy, and our pages need nothing it refuses."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from jfa.core.testing import give

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_pages_carry_a_policy_that_allows_only_our_own_scripts(client, campaign, alice_page):
    response = client.get("/")
    policy = {
        directive.split()[0]: directive.split()[1:] for directive in response["Content-Security-Policy"].split("; ")
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["default-src"]


def test_main_pages_have_no_inline_script_or_event_handler(client, campaign, alice, alice_page, team):
    gift = give(page=alice_page, amount_minor=2500)
    paths = ["/", "/search/?q=al", alice_page.get_absolute_url(), team.get_absolute_url()]
    paths += [f"/give/thanks/{gift.public_id}/", "/stories/", "/transparency/", "/accounts/login/", "/api/docs"]
    client.force_login(alice)
    paths += ["/me/", f"/p/{alice_page.slug}/edit/"]
    for path in paths:
        html = client.get(path).content.decode()
        assert not INLINE_SCRIPT.findall(html), path
        assert not EVENT_HANDLER.findall(html), path


def test_the_api_docs_use_our_own_copy_of_swagger_ui(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in html
    assert "cdn.jsdelivr.net" not in html


@override_settings(DEBUG=False)
def test_error_pages_in_production_carry_the_policy_too(client, campaign):
    response = client.get("/p/nobody/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # The standalone error page keeps its look under the policy: styles in attributes only.
    assert "<style" not in render_to_string("500.html")


@override_settings(DEBUG=True)
def test_djangos_debug_error_pages_are_left_alone(client, campaign):
    response = client.get("/p/nobody/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response
