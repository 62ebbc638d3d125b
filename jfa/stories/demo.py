"""Demo stories: the Friday partner spotlights of December, with a few approved replies.

Loading twice changes nothing: posts are found by slug, comments by who wrote what where.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from jfa.accounts.models import User
from jfa.partners.models import Partner

from .actions import SpotlightText, december_fridays, schedule_fridays
from .demo_fr import SPOTLIGHTS_FR, TAG_NAMES_FR
from .models import ApprovedCommenter, Comment, Post

EDITOR_EMAIL = "stories@justiceforall.example"

# The partners this demo makes sure exist; others are spotlighted too when they are already there.
REQUIRED_PARTNERS = [
    ("ijm-canada", "International Justice Mission Canada", "CA", "https://www.ijm.ca"),
    ("ijm", "International Justice Mission", "US", "https://www.ijm.org"),
]
# Who goes first: the Canadian partner opens the month, as it did in the campaign's first year.
PREFERRED_ORDER = ["ijm-canada", "ijm", "freedom-road", "safe-passage", "open-door"]

SPOTLIGHTS: dict[str, SpotlightText] = {
    "ijm-canada": SpotlightText(
        title="Friday spotlight: International Justice Mission Canada",
        summary=(
            "Where does the money go? For every Canadian page, to IJM Canada — and here is what IJM does with it, "
            "on four levels at once."
        ),
        tags=("IJM", "Canada"),
        body="""\
There is so much hard news about slavery that it is easy to stop at the problem. This December we want to
spend every Friday on the people working on the answer. Each week we will put one partner organization in
the spotlight: some are local, some work around the world, and all of them share one goal — a world
without slavery in our lifetime.

The question we hear most is simple: **where does the money go?** If your page is Canadian, or you give to a
Canadian page, every dollar is granted to International Justice Mission Canada. Pages elsewhere support
partners based in the United States with a worldwide reach; you will meet one of them next Friday. No fee
is ever taken out of a gift, and the live figures beside this post come straight from the campaign's books.

## Who they are

International Justice Mission began in 1997, when a lawyer who had investigated police abuse for the U.S.
Department of Justice saw that the poorest people in the world were not short of laws protecting them —
they were short of anyone enforcing those laws. Today IJM teams work with local authorities in countries
across Asia, Africa and Latin America, and IJM Canada raises support and advocates from here at home.

## Four levels of work

**Rescue victims.** IJM investigators help police find people held in forced labour, sex trafficking and
other violence, and bring them somewhere safe.

**Bring criminals to justice.** IJM lawyers stand beside survivors in local courts so that traffickers and
abusers are convicted and stopped from hurting anyone else.

**Restore survivors.** Freedom is the start, not the end. Survivors receive crisis care, trauma counselling,
legal support, and the education or job training they choose, with a plan built around each person, until
they can live safely and are far less likely to be exploited again.

**Strengthen justice systems.** The longest-lasting work is preventing violence before it starts. IJM teams
look for the gaps in how police, prosecutors, courts and social services protect people in poverty, and
work alongside those institutions to close them.

Justice for people in poverty is possible when the system that is meant to protect them actually works.

When you give to a Canadian page this month you are not only helping one person walk free; you are joining
hundreds of advocates making that freedom last. Thank you for wearing it, sharing it and giving to it.
""",
    ),
    "ijm": SpotlightText(
        title="Friday spotlight: International Justice Mission",
        summary=(
            "Our second Friday travels further: IJM's field teams, from Ghana's fishing villages to brick kilns in "
            "South Asia, and why fixing courts matters as much as rescues."
        ),
        tags=("IJM", "Global"),
        body="""\
Last Friday we met IJM Canada. This week we follow the money from pages outside Canada to **International
Justice Mission**, whose field offices work alongside governments in communities across Asia, Africa and
Latin America.

## Justice that keeps working

A rescue can free one family from a brick kiln. A conviction can stop the kiln owner from enslaving the next
family. But when local police are trained to investigate, prosecutors know how to build a trafficking case
and courts hear those cases quickly, a whole region becomes harder for traffickers to operate in. IJM
measures its success that way: not only people freed, but the drop in violence in the places it works.

## What a gift does

- pays for investigators and social workers who meet survivors where they are;
- funds lawyers who walk a survivor through a trial that can take years;
- keeps aftercare going — housing, counselling, school fees and job training;
- trains officers and court staff so the next case does not need IJM at all.

The figures beside this post show what the campaign holds for IJM right now, and what has been granted and
paid out once grants are made. Every number links back to the public books.
""",
    ),
    "freedom-road": SpotlightText(
        title="Friday spotlight: Freedom Road Aftercare",
        summary="Freedom is a beginning. Freedom Road's aftercare homes walk with survivors for as long as it takes.",
        tags=("Aftercare",),
        body="""\
This Friday we visit the part of the work that rarely makes headlines: the months and years after a
rescue. **Freedom Road Aftercare** runs small homes where survivors of trafficking live safely while they
recover.

## Care that fits the person

No two survivors need the same thing. Some want to finish school; some need a lawyer before anything else;
many need a counsellor who will still be there in a year. Freedom Road's staff build a plan with each
resident, covering trauma therapy, education, job training and, when they are ready, a place of their own.

## Why it matters

People who leave slavery with nothing are at risk of being exploited again. People who leave with skills,
savings and a support network almost never are. That is what this campaign's gifts to Freedom Road pay for.
""",
    ),
    "safe-passage": SpotlightText(
        title="Friday spotlight: Safe Passage Legal Defense",
        summary=(
            "Traffickers count on never seeing a courtroom. Safe Passage trains the lawyers who prove them wrong."
        ),
        tags=("Justice systems",),
        body="""\
Trafficking is one of the most profitable crimes in the world because it is one of the least prosecuted.
**Safe Passage Legal Defense** trains and funds local prosecutors and lawyers to change that.

## In the courtroom

Safe Passage lawyers prepare survivors for testimony, protect them from intimidation, and stay with a case
through every appeal. They also train police to gather evidence that will stand up in court, so cases do
not collapse before they begin.

## Beyond one case

Each conviction is a message to every trafficker in the region. Each trained prosecutor will handle dozens
more cases long after Safe Passage has moved on. That is how one gift keeps working for years.
""",
    ),
    "open-door": SpotlightText(
        title="Friday spotlight: Open Door Prevention Network",
        summary=(
            "The best rescue is the one that never has to happen. Open Door works upstream, in schools and villages."
        ),
        tags=("Prevention",),
        body="""\
Our last spotlight looks upstream. **Open Door Prevention Network** works with schools, parents and village
leaders to stop trafficking before it starts.

## Knowing the signs

False job offers, a "scholarship" in a distant city, a recruiter who keeps your passport: Open Door teaches
young people and families to recognise the traps, and gives them someone to call before they say yes.

## Staying in school

Children who stay in school are far less likely to be trafficked. Open Door's bursaries and mentors keep
them there, and its community groups make sure that when someone does go missing, everyone notices.
""",
    ),
}

DEMO_COMMENTS = {
    "ijm-canada": [
        (
            "Marie Tremblay",
            "marie.tremblay@example.org",
            "Thank you for explaining where the money goes. "
            "Knowing it all goes to IJM Canada made it easy to ask my colleagues to give.",
        ),
        (
            "Kofi Mensah",
            "kofi.mensah@example.org",
            "The part about restoring survivors stayed with me. "
            "Freedom is the start, not the end. Wearing my tie with pride this month.",
        ),
    ],
    "ijm": [
        (
            "Priya Patel",
            "priya.patel@example.org",
            "I had no idea IJM trained police and court staff too. Fixing the system is the part that lasts.",
        ),
    ],
    "freedom-road": [
        (
            "Hannah Roy",
            "hannah.roy@example.org",
            "As a counsellor I can say: the long-term care is what "
            "makes the difference. Glad this gets a Friday of its own.",
        ),
    ],
}


def _partners() -> list[Partner]:
    for slug, name, country, website in REQUIRED_PARTNERS:
        Partner.objects.get_or_create(slug=slug, defaults={"name": name, "country": country, "website": website})
    by_slug = {partner.slug: partner for partner in Partner.objects.filter(is_active=True)}
    ordered = [by_slug.pop(slug) for slug in PREFERRED_ORDER if slug in by_slug]
    ordered += sorted(by_slug.values(), key=lambda partner: partner.name)
    return ordered


def _editor() -> User:
    editor, created = User.objects.get_or_create(
        email=EDITOR_EMAIL, defaults={"display_name": "Justice For All stories team"}
    )
    if created:
        editor.set_unusable_password()
        editor.save(update_fields=["password"])
    return editor


def load_stories_demo(*, year: int = 2026, now: datetime.datetime | None = None) -> None:
    """One spotlight per Friday of December ``year`` (past Fridays published, later ones scheduled,
    relative to ``now``) and a few approved replies on them."""
    now = now or timezone.now()
    with transaction.atomic():
        partners = _partners()[: len(december_fridays(year))]
        texts = {slug: _with_french(slug, text) for slug, text in SPOTLIGHTS.items()}
        posts = schedule_fridays(year=year, partners=partners, author=_editor(), texts=texts, now=now)
        for post in posts:
            replies = DEMO_COMMENTS.get(post.partner.slug if post.partner else "", [])
            for hours, (name, email, body) in enumerate(replies, start=2):
                _approved_comment(post=post, name=name, email=email, body=body, hours=hours)


def _with_french(slug: str, text: SpotlightText) -> SpotlightText:
    title_fr, summary_fr, body_fr = SPOTLIGHTS_FR[slug]
    return replace(text, title_fr=title_fr, summary_fr=summary_fr, body_fr=body_fr, tag_names_fr=TAG_NAMES_FR)


def _approved_comment(*, post: Post, name: str, email: str, body: str, hours: int) -> None:
    # Written straight to the table: these are replies "from the past", so they skip the rate
    # limits and moderation queue a live reply goes through.
    assert post.publish_at is not None
    Comment.objects.get_or_create(
        post=post,
        guest_email=email,
        body=body,
        defaults={
            "guest_name": name,
            "status": Comment.Status.APPROVED,
            "created_at": post.publish_at + datetime.timedelta(hours=hours),
        },
    )
    ApprovedCommenter.objects.get_or_create(commenter_key=f"email:{email}")
