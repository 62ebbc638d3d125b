"""Helpers for tests: make users, pages and gifts through the real actions."""

from __future__ import annotations

import io
import uuid


def make_user(email: str, name: str, **extra):
    from allauth.account.models import EmailAddress

    from jfa.accounts.models import User

    user = User.objects.create_user(email=email, password="correct horse battery staple", display_name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_campaign(year: int, **overrides):
    """A December campaign of ``year``, registration from 1 October, as the demo's."""
    import datetime

    from jfa.campaigns.models import Campaign

    fields = {
        "name": f"Dress for Freedom {year}",
        "slug": f"dress-for-freedom-{year}",
        "year": year,
        "registration_opens_on": datetime.date(year, 10, 1),
        "starts_on": datetime.date(year, 12, 1),
        "ends_on": datetime.date(year, 12, 31),
        "goal_minor": 10_000_000,
        "goal_currency": "USD",
    }
    return Campaign.objects.create(**{**fields, **overrides})


def make_page(campaign, owner, *, country="US", slug=None, team=None, goal_minor=100_000, **extra):
    """A page opened through the real action; ``extra`` goes to ``open_page`` as it is."""
    from jfa.campaigns.actions import open_page

    page = open_page(
        campaign=campaign,
        owner=owner,
        display_name=owner.display_name,
        title=f"{owner.display_name} wears a dress for freedom",
        pitch="Every day of December.",
        goal_minor=goal_minor,
        country=country,
        team=team,
        **extra,
    )
    if slug:
        page.slug = slug
        page.save(update_fields=["slug"])
    return page


def give(
    *,
    page=None,
    team=None,
    amount_minor: int,
    currency: str | None = None,
    card: str = "4242424242424242",
    cover_fee: bool = False,
    key: str | None = None,
    donor_country: str = "US",
):
    """Make a gift the way the donation form does: start it, then charge the sandbox card."""
    from jfa.campaigns.queries import Recipient
    from jfa.core.money import Money
    from jfa.donations.actions import start_donation
    from jfa.payments.actions import charge_attempt
    from jfa.payments.providers.base import CardDetails
    from jfa.payments.registry import get_provider

    recipient = page or team
    started = start_donation(
        recipient=Recipient.of(page=page, team=team),
        amount=Money(amount_minor, currency or recipient.currency),
        donor_name="Dana Donor",
        donor_email="dana@example.net",
        donor_country=donor_country,
        cover_fee=cover_fee,
        idempotency_key=key or uuid.uuid4().hex,
        provider=get_provider("sandbox"),
    )
    card_details = CardDetails(number=card, expiry="12/30", cvc="123")
    charge_attempt(attempt=started.attempt, card=card_details, books=started.books)
    started.donation.refresh_from_db()
    return started.donation


def gift_form(**overrides) -> dict:
    """What the donation form sends for a US$25 gift with the sandbox card that succeeds."""
    data = {
        "amount": "25",
        "currency": "USD",
        "donor_name": "Dana Donor",
        "donor_email": "dana@example.net",
        "donor_country": "US",
        "message": "Keep going!",
        "card_number": "4242 4242 4242 4242",
        "card_expiry": "12/49",
        "card_cvc": "123",
        "idempotency_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


def page_form(**overrides) -> dict:
    """What the page set-up (or edit) form sends for Charlie's Canadian page."""
    data = {
        "display_name": "Charlie Q",
        "title": "Charlie wears a tie",
        "pitch": "Because freedom matters.",
        "goal": "750",
        "country": "CA",
        "commitment": "tie",
        "photo_alt": "",
    }
    data.update(overrides)
    return data


def png_bytes(size=(40, 30), color=(200, 30, 60)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()
