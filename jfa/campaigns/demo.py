"""Demo data that mirrors the campaign the project was born from. Loading it twice changes nothing.

Gifts go through the same actions as a real donor's, so totals (and the books) are what a real
campaign of this shape would show.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from jfa.accounts.models import User
from jfa.core.money import Money
from jfa.donations.actions import record_operating_gift, return_gift, send_thanks_note, start_donation
from jfa.donations.models import Donation, DonationStatus, RefundKind
from jfa.ledger.gifts import setup_books
from jfa.ledger.models import Entity
from jfa.partners.models import Partner
from jfa.payments.actions import charge_attempt
from jfa.payments.models import PaymentAttempt
from jfa.payments.providers.base import CardDetails
from jfa.payments.providers.sandbox.provider import CARD_SUCCEEDS
from jfa.payments.registry import get_provider
from jfa.stories.demo import load_stories_demo

from .demo_photos import post_demo_dress_logs
from .models import AdvocatePage, Campaign, Commitment, DressLogEntry, ImpactTier, Team, currency_for_country
from .queries import Recipient

STAFF_EMAIL = "staff@justiceforall.example"
STAFF_PASSWORD = "justice-demo-2026"  # noqa: S105 — the published demo login, never a real account
# One advocate signs in too, so whoever tries the demo sees an advocate's side of it (dashboard,
# dress log, a team to captain) with gifts already in, not only the empty page of a new sign-up.
ADVOCATE_EMAIL = "advocate1@example.org"
ADVOCATE_PASSWORD = "dress-demo-2026"  # noqa: S105 — published like the staff login
YEAR = 2026

PARTNERS = [
    (
        "ijm-canada",
        "International Justice Mission Canada",
        "CA",
        "https://www.ijm.ca",
        "Partners with local authorities to rescue victims of slavery and violence, bring criminals to justice, "
        "restore survivors and strengthen justice systems. Every gift from a Canadian page goes here.",
        "Travaille avec les autorités locales pour libérer les victimes de l’esclavage et de la violence, traduire "
        "les criminels en justice, accompagner les survivants et renforcer les systèmes de justice. Chaque don fait "
        "sur une page canadienne lui est versé.",
    ),
    (
        "ijm",
        "International Justice Mission",
        "US",
        "https://www.ijm.org",
        "Founded in 1997, IJM works in communities from Thailand to Kenya to Bolivia on four levels: rescue "
        "victims, bring criminals to justice, restore survivors and strengthen justice systems.",
        "Fondée en 1997, IJM œuvre dans des collectivités de la Thaïlande au Kenya et à la Bolivie, à quatre "
        "niveaux : libérer les victimes, traduire les criminels en justice, accompagner les survivants et "
        "renforcer les systèmes de justice.",
    ),
    (
        "freedom-road",
        "Freedom Road Aftercare",
        "US",
        "",
        "Runs long-term aftercare homes where survivors receive trauma counselling, education and job training.",
        "Tient des maisons d’accueil à long terme où les survivants reçoivent un soutien psychologique, une "
        "éducation et une formation professionnelle.",
    ),
    (
        "safe-passage",
        "Safe Passage Legal Defense",
        "US",
        "",
        "Trains and funds local prosecutors and lawyers who take trafficking cases to court.",
        "Forme et finance des procureurs et des avocats locaux qui portent les affaires de traite devant les "
        "tribunaux.",
    ),
    (
        "open-door",
        "Open Door Prevention Network",
        "US",
        "",
        "Works with schools and villages to stop trafficking before it starts.",
        "Travaille avec les écoles et les villages pour empêcher la traite avant qu’elle ne commence.",
    ),
]

TIERS = {
    "USD": [
        (
            2500,
            "can provide a day of crisis care for a rescued child",
            "peut offrir une journée de soins d’urgence à un enfant secouru",
        ),
        (3000, "can provide a trauma therapy session", "peut offrir une séance de thérapie du traumatisme"),
        (
            10000,
            "can fund a week of legal support for a survivor",
            "peut financer une semaine d’aide juridique pour une survivante",
        ),
        (
            25000,
            "can train a police officer to investigate trafficking",
            "peut former un policier aux enquêtes sur la traite",
        ),
    ],
    "CAD": [
        (
            3500,
            "can provide a day of crisis care for a rescued child",
            "peut offrir une journée de soins d’urgence à un enfant secouru",
        ),
        (4000, "can provide a trauma therapy session", "peut offrir une séance de thérapie du traumatisme"),
        (
            13500,
            "can fund a week of legal support for a survivor",
            "peut financer une semaine d’aide juridique pour une survivante",
        ),
        (
            34000,
            "can train a police officer to investigate trafficking",
            "peut former un policier aux enquêtes sur la traite",
        ),
    ],
}

FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Daniel",
    "Esther",
    "Farah",
    "Gabriel",
    "Hannah",
    "Isaac",
    "Jasmine",
    "Kofi",
    "Léa",
    "Mateo",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tessa",
    "Uma",
    "Victor",
    "Wren",
    "Ximena",
    "Yusuf",
    "Zoé",
    "Aisha",
    "Bruno",
    "Camille",
    "Dmitri",
    "Elena",
    "Félix",
    "Grace",
    "Hugo",
    "Iris",
    "Jonah",
]
LAST = [
    "Okafor",
    "Tremblay",
    "Nguyen",
    "Garcia",
    "Smith",
    "Roy",
    "Haddad",
    "Kim",
    "Gagnon",
    "Mensah",
    "Silva",
    "Bouchard",
    "Patel",
    "Côté",
    "Johnson",
    "Lee",
    "Martin",
    "Dubois",
    "Santos",
    "Walker",
]
COUNTRIES = ["CA"] * 10 + ["US"] * 16 + ["GB", "AU", "NZ", "DE", "PH", "KE", "IE", "NL", "ZA", "SG"]
TEAMS = [
    ("Dresses for Freedom", "CAD"),
    ("Tie One On", "USD"),
    ("Toronto Runway", "CAD"),
    ("Global Threads", "USD"),
    ("Campus Justice Crew", "USD"),
    ("Montréal en robe", "CAD"),
]
PITCHES = [
    "Every day this December I'm wearing a dress to stand with the millions of people still trapped in slavery. "
    "100% of what we raise goes to partners who rescue victims and restore survivors.",
    "I'm taking part because freedom shouldn't depend on where you were born. "
    "Thirty-one days, thirty-one outfits, one goal.",
    "Last year our team funded trauma therapy sessions for survivors. This year I want to go further. Will you help?",
]
TIE_PITCH = "Wearing a tie every day might look silly at work, but the conversations it starts are worth it. Join me!"
MESSAGES = [
    "So proud of you!",
    "Keep going!",
    "For freedom.",
    "Love this cause ❤",
    "",
    "",
    "Go team!",
    "Thank you for doing this.",
    "",
    "Happy to support!",
]


# A real December returns a few gifts: a donor who gave twice by mistake, one who typed too
# much, a card dispute the bank decided for the cardholder. Each is (which gift: its currency and
# least amount; the kind; the share returned; why; the dispute fee the card processor charged).
RETURNS: list[tuple[str, int, str, tuple[int, int], str, int]] = [
    ("CAD", 5_000, RefundKind.REFUND, (1, 1), "Given twice by mistake; this copy went back to the donor.", 0),
    ("USD", 10_000, RefundKind.REFUND, (1, 2), "The donor meant to give half of what they typed.", 0),
    ("USD", 5_000, RefundKind.DISPUTE, (1, 1), "The cardholder did not recognise the charge.", 1_500),
]


@dataclass
class DemoResult:
    campaign: Campaign
    advocates: int
    teams: int
    donations: int  # gifts that count (succeeded)
    returned: int  # refunds and disputes
    dress_log_photos: int  # on every page, this load's and earlier ones'


def _user(email: str, name: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": name, **extra})
    if email == ADVOCATE_EMAIL:
        # Also on a demo database loaded before this login was published; a password the
        # advocate has since changed stays theirs.
        if created or not user.has_usable_password():
            user.set_password(ADVOCATE_PASSWORD)
            user.save(update_fields=["password"])
        # Sign-in asks for a verified address; the demo's inbox is the console.
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def load_demo(*, donation_count: int = 520, seed: int = YEAR) -> DemoResult:
    rng = random.Random(seed)  # the same demo every time: idempotent keys depend on it
    with transaction.atomic():
        staff, created = User.objects.get_or_create(
            email=STAFF_EMAIL, defaults={"display_name": "Campaign staff", "is_staff": True, "is_superuser": True}
        )
        if created:
            staff.set_password(STAFF_PASSWORD)
            staff.save(update_fields=["password"])
        # Staff moderate comments and donors' messages on the site itself, whose sign-in asks for a
        # verified address (the back office's own sign-in does not); also on older demo databases,
        # where a sign-in tried before may have left the address waiting for confirmation.
        EmailAddress.objects.update_or_create(
            user=staff, email=STAFF_EMAIL, defaults={"verified": True, "primary": True}
        )
        for slug, name, country, website, summary, summary_fr in PARTNERS:
            Partner.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "country": country,
                    "website": website,
                    "summary": summary,
                    "summary_fr": summary_fr,
                },
            )
        setup_books()
        campaign, _ = Campaign.objects.get_or_create(
            slug=f"dress-for-freedom-{YEAR}",
            defaults={
                "name": f"Dress for Freedom {YEAR}",
                "year": YEAR,
                "registration_opens_on": datetime.date(YEAR, 10, 1),
                "starts_on": datetime.date(YEAR, 12, 1),
                "ends_on": datetime.date(YEAR, 12, 31),
                "goal_minor": 25_000_000,
                "goal_currency": "USD",
            },
        )
        for currency, tiers in TIERS.items():
            for amount, description, description_fr in tiers:
                ImpactTier.objects.get_or_create(
                    campaign=campaign,
                    currency=currency,
                    amount_minor=amount,
                    defaults={"description": description, "description_fr": description_fr},
                )

        pages: list[AdvocatePage] = []
        for i, country in enumerate(COUNTRIES):
            name = f"{FIRST[i]} {LAST[i % len(LAST)]}"
            owner = _user(f"advocate{i + 1}@example.org", name)
            currency = currency_for_country(country)
            wears_tie = i % 5 == 4
            page, _ = AdvocatePage.objects.get_or_create(
                campaign=campaign,
                owner=owner,
                defaults={
                    "slug": f"{FIRST[i]}-{LAST[i % len(LAST)]}".lower().replace("é", "e").replace("ô", "o"),
                    "display_name": name,
                    "title": f"{FIRST[i]} is wearing a {'tie' if wears_tie else 'dress'} for freedom",
                    "pitch": TIE_PITCH if wears_tie else PITCHES[i % len(PITCHES)],
                    "goal_minor": rng.choice([50_000, 100_000, 150_000, 250_000]),
                    "currency": currency,
                    "country": country,
                    "commitment": Commitment.TIE if wears_tie else Commitment.DRESS,
                },
            )
            pages.append(page)

        teams: list[Team] = []
        for t, (team_name, currency) in enumerate(TEAMS):
            # Canadian teams are captained by Canadian advocates (the first ten pages).
            captain_page = pages[t] if currency == "CAD" else pages[10 + t]
            team, _ = Team.objects.get_or_create(
                campaign=campaign,
                slug=team_name.lower().replace(" ", "-").replace("é", "e"),
                defaults={
                    "name": team_name,
                    "captain": captain_page.owner,
                    "goal_minor": 1_000_000,
                    "currency": currency,
                    "description": f"{team_name} wears it every day of December for freedom.",
                },
            )
            teams.append(team)
            if captain_page.team_id is None:
                captain_page.team = team
                captain_page.save(update_fields=["team"])
        for i, page in enumerate(pages):
            if page.team_id is None and i % 3 != 2:
                fitting = [t for t in teams if t.currency == page.currency]
                page.team = fitting[i % len(fitting)]
                page.save(update_fields=["team"])

    provider = get_provider("sandbox")
    card = CardDetails(number=CARD_SUCCEEDS, expiry="12/30", cvc="123")
    # The demo's gifts are spread from registration's opening to the moment of loading (at least
    # to late November, at most to the campaign's end), so a demo loaded mid-December shows gifts
    # still coming in. Their times come from a sequence of their own: the gifts themselves (pages,
    # amounts, donors) are the same whenever the demo is loaded.
    window_start = timezone.make_aware(datetime.datetime(YEAR, 10, 1, 9))
    window_end = min(
        max(timezone.now(), timezone.make_aware(datetime.datetime(YEAR, 11, 24, 21))),
        timezone.make_aware(datetime.datetime(YEAR, 12, 31, 21)),
    )
    times = random.Random(f"{seed}-gift-times")
    # Which donors keep their amount off the walls: a sequence of its own too, so the gifts drawn
    # above stay the ones earlier demos had.
    amounts_kept_private = random.Random(f"{seed}-gift-amounts-hidden")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for n in range(donation_count):
            page = pages[rng.randrange(len(pages))]
            whole = rng.choice([10, 20, 25, 30, 35, 40, 50, 50, 75, 100, 100, 150, 250, 500])
            cents = rng.choice([0, 0, 0, 0, 50])
            gift = Money(whole * 100 + cents, page.currency)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            key = f"demo-{YEAR}-gift-{n:05d}"
            started = start_donation(
                recipient=Recipient.of(page=page),
                amount=gift,
                donor_name=f"{first} {last}",
                donor_email=f"donor{n}@example.net",
                donor_country=page.country if rng.random() < 0.9 else "US",
                is_anonymous=rng.random() < 0.12,
                amount_hidden=amounts_kept_private.random() < 0.07,
                message=rng.choice(MESSAGES),
                cover_fee=rng.random() < 0.6,
                idempotency_key=key,
                provider=provider,
            )
            share = times.random()
            if started.created:
                charge_attempt(attempt=started.attempt, card=card, books=started.books)
                when = window_start + (window_end - window_start) * share
                Donation.objects.filter(pk=started.donation.pk).update(created_at=when, succeeded_at=when)
                # The card was charged when the gift was made, as the gift's page in the back office says.
                PaymentAttempt.objects.filter(donation_id=started.donation.pk).update(created_at=when, updated_at=when)
    # Sponsors fund the operating fund, which pays the fees donors did not cover.
    for entity_code, sponsor, sponsored in [
        ("us-foundation", "Northwind Print & Design", Money(250_000, "USD")),
        ("ijm-canada", "Maple Leaf Logistics", Money(150_000, "CAD")),
    ]:
        record_operating_gift(
            entity=Entity.objects.get(code=entity_code), campaign=campaign, sponsor_name=sponsor, amount=sponsored,
            received_on=datetime.date(YEAR, 11, 2), note="Covers card fees and platform costs",
            idempotency_key=f"demo-{YEAR}-sponsor-{entity_code}",
        )  # fmt: skip
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        returned = _return_some_gifts(campaign, staff)
        _thank_some_donors(pages[:THANKING_ADVOCATES])
    post_demo_dress_logs(campaign, pages)
    load_stories_demo(year=YEAR)
    return DemoResult(
        campaign,
        AdvocatePage.objects.filter(campaign=campaign).count(),
        Team.objects.filter(campaign=campaign).count(),
        Donation.objects.filter(campaign=campaign, status=DonationStatus.SUCCEEDED).count(),
        returned,
        DressLogEntry.objects.filter(page__campaign=campaign).count(),
    )


# The first few advocates have thanked their earliest donors, so the thank-you lists (and the
# staff overview's share of gifts thanked) show both kinds of gift.
THANKING_ADVOCATES = 6
THANKED_PER_ADVOCATE = 3
THANKS_NOTES = [
    "Thank you, {name}! Your gift pays for real care for survivors, and it keeps me going.",
    "{name}, thank you so much. I will wear the dress with pride every day of December.",
    "Merci, {name}! Ton don compte énormément pour les survivantes et survivants.",
]


def _thank_some_donors(pages: list[AdvocatePage]) -> None:
    """Through the real action; a re-run finds the same gifts already thanked and skips them."""
    for page in pages:
        earliest = page.donations.filter(status=DonationStatus.SUCCEEDED).select_related("page", "thanks")
        for n, gift in enumerate(earliest.order_by("succeeded_at", "pk")[:THANKED_PER_ADVOCATE]):
            if hasattr(gift, "thanks"):
                continue
            name = "" if gift.is_anonymous else gift.donor_name.split()[0]
            note = THANKS_NOTES[n % len(THANKS_NOTES)].format(name=name or "friend")
            send_thanks_note(donation=gift, sender=page.owner, note=note)


def _return_some_gifts(campaign: Campaign, staff: User) -> int:
    """Return the gifts of ``RETURNS`` through the real action, so the books page, the ledger and
    the returned-gift report show refunds and disputes as a campaign would. Each return takes the
    earliest fitting demo gift not already chosen; a re-run finds the same gifts (a returned gift
    is still a candidate) and its keys change nothing."""
    chosen: list[int] = []
    for n, (currency, least_minor, kind, (part, whole), reason, dispute_fee) in enumerate(RETURNS):
        gift = (
            Donation.objects.filter(
                campaign=campaign,
                currency=currency,
                amount_minor__gte=least_minor,
                status__in=[DonationStatus.SUCCEEDED, DonationStatus.REFUNDED],
                idempotency_key__startswith=f"demo-{YEAR}-gift-",
            )
            .exclude(pk__in=chosen)
            .order_by("idempotency_key")
            .first()
        )
        if gift is None:  # a small demo (few gifts) may have none that fits
            continue
        chosen.append(gift.pk)
        return_gift(
            donation=gift,
            amount=Money(gift.amount_minor * part // whole, currency),
            kind=kind,
            reason=reason,
            idempotency_key=f"demo-{YEAR}-return-{n}",
            by=staff,
            processor_fee=Money(dispute_fee, currency) if dispute_fee else None,
        )
    return len(chosen)
