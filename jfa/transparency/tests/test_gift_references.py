"""A donor who lost their gift reference asks for it by email: it goes to the address the gift was
made with and nowhere else, and the page says the same whether anyone gave with that address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jfa.core.models import Task
from jfa.core.testing import give, make_page, make_user

pytestmark = pytest.mark.django_db

SAME_ANSWER = "If gifts were made with that address, an email with their references is on its way to it."


@pytest.fixture
def gifts(books, campaign):
    page = make_page(campaign, make_user("alice@example.com", "Alice"), country="US")
    kept = give(page=page, amount_minor=2_500)
    declined = give(page=page, amount_minor=9_900, card="4000000000000002")
    return page, kept, declined


def sent() -> list:
    """The references emails sent (the gifts' own thank-yous go out with them, from the same queue)."""
    return [m for m in mail.outbox if m.subject.startswith(("Your gift references", "Les références"))]


def ask(client, email: str, **headers):
    return client.post(reverse("transparency:gift_references"), {"email": email}, follow=True, **headers)


def test_the_references_go_to_the_address_the_gifts_were_made_with(client, gifts, django_capture_on_commit_callbacks):
    page, kept, declined = gifts
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "  DANA@example.net ")  # as a donor might type it
    assert response.redirect_chain == [("/transparency/gift/", 302)]
    assert SAME_ANSWER in response.content.decode()

    [email] = sent()
    assert email.to == ["dana@example.net"]
    assert email.subject == "Your gift references for Justice For All"
    assert f"US$25.00 on {page.display_name}'s page" in email.body
    assert f"Reference: {kept.public_id}" in email.body
    assert f"/give/thanks/{kept.public_id}/" in email.body
    assert f"/transparency/gift/?reference={kept.public_id}" in email.body
    assert str(declined.public_id) not in email.body and "99.00" not in email.body  # no money moved


def test_an_address_that_never_gave_gets_the_same_answer_and_no_mail(client, gifts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "stranger@example.org")
    assert SAME_ANSWER in response.content.decode()
    assert sent() == []


def test_a_french_donor_reads_their_references_in_french(client, gifts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "dana@example.net", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Si des dons ont été faits avec cette adresse" in response.content.decode()
    [email] = sent()
    assert email.subject == "Les références de vos dons à Justice For All"
    assert "Référence\u00a0:" in email.body and "sur la page d’Alice" in email.body


def test_a_bad_address_is_explained_and_nothing_is_queued(client, gifts):
    response = client.post(reverse("transparency:gift_references"), {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Task.objects.filter(name="transparency.send_gift_references").exists()


def test_an_address_is_asked_for_a_few_times_an_hour_at_most(client, gifts):
    for _ in range(3):
        assert ask(client, "dana@example.net").status_code == 200
    refused = client.post(reverse("transparency:gift_references"), {"email": "Dana@Example.net"})
    assert refused.status_code == 429
    assert "That address was asked for several times in the last hour." in refused.content.decode()
    assert Task.objects.filter(name="transparency.send_gift_references").count() == 3


def test_a_visit_to_the_form_address_leads_to_the_lookup(client, db):
    response = client.get(reverse("transparency:gift_references"))
    assert response.status_code == 302 and response["Location"] == reverse("transparency:lookup")


def test_the_report_leads_a_donor_without_a_reference_to_ask_for_it(client, books, campaign):
    html = client.get(reverse("transparency:report")).content.decode()
    assert '<a href="/transparency/gift/#lost-heading">Lost your reference?</a>' in html
    assert 'id="lost-heading"' in client.get(reverse("transparency:lookup")).content.decode()
