"""The printable card and its QR code: public for a published page, absent for any other."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_card_asks_about_the_dress_or_the_tie(client, campaign, alice_page):
    html = client.get(f"/p/{alice_page.slug}/card/").content.decode()
    assert '<p id="card-ask" class="card-ask">Ask me why I\'m wearing a dress</p>' in html
    assert f'<img class="card-qr" src="/p/{alice_page.slug}/qr.svg"' in html
    assert f'<p class="card-url">http://testserver/p/{alice_page.slug}/</p>' in html
    assert '<meta name="robots" content="noindex">' in html

    alice_page.commitment = "tie"
    alice_page.save(update_fields=["commitment"])
    french = client.get(f"/p/{alice_page.slug}/card/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Demandez-moi pourquoi je porte une cravate" in french


def test_the_code_is_an_svg_that_keeps(client, campaign, alice_page):
    response = client.get(f"/p/{alice_page.slug}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "Content-Disposition" not in response
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    assert f"<title>http://testserver/p/{alice_page.slug}/</title>" in svg


def test_a_hidden_or_unknown_page_has_no_card(client, campaign, alice_page):
    alice_page.is_published = False
    alice_page.save(update_fields=["is_published"])
    for path in (f"/p/{alice_page.slug}/card/", f"/p/{alice_page.slug}/qr.svg", "/p/nobody/card/", "/p/nobody/qr.svg"):
        assert client.get(path).status_code == 404, path


def test_a_team_has_its_own_card(client, campaign, team):
    html = client.get(f"/t/{team.slug}/card/").content.decode()
    assert '<p id="card-ask" class="card-ask">Ask us why we\'re dressed up</p>' in html
    assert f'<img class="card-qr" src="/t/{team.slug}/qr.svg"' in html
    assert f'<p class="card-url">http://testserver/t/{team.slug}/</p>' in html
    assert '<p class="card-name">Tie One On · Dress for Freedom 2026</p>' in html
    svg = client.get(f"/t/{team.slug}/qr.svg?download")
    assert svg["Content-Disposition"] == f'attachment; filename="{team.slug}-qr.svg"'
    assert f"<title>http://testserver/t/{team.slug}/</title>" in svg.content.decode()
    assert f'href="/t/{team.slug}/card/"' in client.get(team.get_absolute_url()).content.decode()
    assert client.get("/t/nobody/card/").status_code == 404


def test_the_widget_may_be_framed_anywhere_and_the_dashboard_gives_its_code(client, campaign, alice, alice_page):
    response = client.get(f"/p/{alice_page.slug}/widget/")
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"].endswith("frame-ancestors *")
    assert "form-action 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert (
        f'href="http://testserver/p/{alice_page.slug}/#give" target="_blank" rel="noopener"'
        in response.content.decode()
    )
    # Every other page keeps refusing to be framed.
    assert client.get(alice_page.get_absolute_url())["X-Frame-Options"] == "DENY"

    client.force_login(alice)
    dashboard = client.get("/me/").content.decode()
    widget = f"http://testserver/p/{alice_page.slug}/widget/"
    assert f"&lt;iframe src=&quot;{widget}&quot; title=&quot;Alice wears a dress for freedom&quot;" in dashboard
    # Below it, the very box, framed as it will be on the advocate's site.
    assert f'<div class="embed-preview"><iframe src="{widget}" title="Alice wears a dress for freedom"' in dashboard

    # A title with quotes and markup stays inside its attribute in the pasted code.
    alice_page.title = 'Alice "the brave" <b>wears</b>'
    alice_page.save(update_fields=["title"])
    dashboard = client.get("/me/").content.decode()
    assert "title=&quot;Alice &amp;quot;the brave&amp;quot; &amp;lt;b&amp;gt;wears&amp;lt;/b&amp;gt;&quot;" in dashboard
    assert 'title="Alice &quot;the brave&quot; &lt;b&gt;wears&lt;/b&gt;"' in dashboard  # and in the preview

    alice_page.is_published = False
    alice_page.save(update_fields=["is_published"])
    assert client.get(f"/p/{alice_page.slug}/widget/").status_code == 404
