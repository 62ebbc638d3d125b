import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_unknown_addresses_get_a_helpful_page_in_the_site_layout(client, campaign):
    response = client.get("/p/no-such-advocate/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()
    assert "Find an advocate" in response.content.decode()


def test_another_advocates_edit_page_says_it_is_not_allowed(client, campaign, alice_page, bob):
    client.force_login(bob)
    response = client.get(f"/p/{alice_page.slug}/edit/")
    assert response.status_code == 403
    assert "You can't do that here" in response.content.decode()


@override_settings(DEBUG=False)
def test_the_server_error_page_stands_alone(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "{%" not in html
