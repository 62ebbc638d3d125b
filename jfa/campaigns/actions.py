"""Actions for advocates and teams. Each runs in one transaction."""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Callable
from enum import StrEnum
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.validators import slug_re
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jfa.accounts.models import User
from jfa.core import limits, tasks
from jfa.core.images import square_thumbnail
from jfa.core.templatetags.jfa import calendar_date
from jfa.core.text import elide, fold

from .models import (
    AdvocatePage,
    Announcement,
    Campaign,
    Commitment,
    DressLogCheer,
    DressLogEntry,
    DressLogReminder,
    PageAddress,
    PageReport,
    Team,
    TeamMessage,
    currency_for_country,
)

# Row locks here are FOR NO KEY UPDATE (on PostgreSQL): they order our own changes to a campaign,
# page or team, yet let gifts go on being inserted meanwhile. A gift's row points at its campaign,
# page and team, which takes a FOR KEY SHARE lock on each of them; a plain FOR UPDATE would make
# every gift wait behind, say, a page opening while its photo is scaled.


class CampaignError(ValueError):
    """Something an advocate asked that the campaign rules do not allow; fit to show them."""


TEAM_NAME_TAKEN = gettext_lazy("A team with that name already exists.")
# A team always has its captain among its members.
CAPTAIN_STAYS = gettext_lazy(
    "A captain cannot leave their own team; hand it over to another member first, from the team's edit page."
)
# A team whose captain closed their account (or was shut out by staff) takes no new members.
NO_CAPTAIN = gettext_lazy("That team no longer has a captain, so it takes no new members.")
# How often a new page or team looks for a free address while others take the ones it found.
SLUG_ATTEMPTS = 5


def _unique_slug(model: type[AdvocatePage] | type[Team], campaign: Campaign, base: str) -> str:
    root = slugify(base)[:70] or ("page" if model is AdvocatePage else "team")
    slug, n = root, 1
    while model.objects.filter(campaign=campaign, slug=slug).exists() or (
        model is AdvocatePage and PageAddress.objects.filter(campaign=campaign, slug=slug).exists()
    ):
        n += 1
        slug = f"{root}-{n}"
    return slug


def _insert_at_free_address(
    obj: AdvocatePage | Team, *, campaign: Campaign, base: str, already: Callable[[], CampaignError | None]
) -> None:
    """Insert a new page or team at a free address. If the insert loses a race, ``already`` says
    whether the thing itself exists by now (that error is raised); otherwise someone else took the
    address a moment ago, and others may be racing for the next free one too: a random ending
    settles it."""
    obj.slug = _unique_slug(type(obj), campaign, base)
    for _attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
            return
        except IntegrityError:
            error = already()
            if error is not None:
                raise error from None
            obj.pk = None
            obj.slug = f"{_unique_slug(type(obj), campaign, base)}-{secrets.token_hex(2)}"
    raise CampaignError(_("Please try again in a moment."))


def closed_to_newcomers(campaign: Campaign) -> str | None:
    """Why no page or team can be opened in the campaign today, or None when they can."""
    if not campaign.registration_has_opened():
        return _("Pages for %(campaign)s open on %(date)s. Come back then: your account is ready.") % {
            "campaign": campaign.name,
            "date": calendar_date(campaign.registration_opens_on, "j F Y"),
        }
    if campaign.has_ended():
        # Pages and teams stay up after the last day, and gifts to them still reach the partners;
        # only the line-up is final, so the leaderboards and team totals stand as they were.
        return _(
            "%(campaign)s ended on %(date)s: new pages and teams can no longer be opened. "
            "Gifts to its pages and teams are still welcome."
        ) % {"campaign": campaign.name, "date": calendar_date(campaign.ends_on, "j F Y")}
    return None


def _refuse_newcomers(campaign: Campaign) -> None:
    reason = closed_to_newcomers(campaign)
    if reason is not None:
        raise CampaignError(reason)


@transaction.atomic
def open_page(
    *,
    campaign: Campaign,
    owner: User,
    display_name: str,
    title: str,
    pitch: str,
    goal_minor: int,
    country: str,
    commitment: str = Commitment.DRESS,
    photo: ContentFile | None = None,
    photo_alt: str = "",
    team: Team | None = None,
    photo_from: AdvocatePage | None = None,
    language: str = settings.LANGUAGE_CODE,
) -> AdvocatePage:
    """Open the advocate's page. ``photo_from``, one of their own earlier pages, lends its photo
    (and its description, unless a new one is given) when no new photo is."""
    _refuse_newcomers(campaign)
    if team is not None and not _has_captain(team):
        raise CampaignError(NO_CAPTAIN)
    if photo is None and photo_from is not None and photo_from.owner_id == owner.pk and photo_from.photo:
        with photo_from.photo.open("rb") as earlier:
            photo = ContentFile(earlier.read(), name=PurePosixPath(photo_from.photo.name or "photo").name)
        photo_alt = photo_alt or photo_from.photo_alt
    # Pages of one campaign choose their addresses in turn with address changes (see
    # update_page), so a new page never takes an address another page is leaving this moment.
    Campaign.objects.select_for_update(no_key=True).filter(pk=campaign.pk).first()
    if AdvocatePage.objects.filter(campaign=campaign, owner=owner).exists():
        raise CampaignError(_("You already have a page for this campaign."))
    if team is not None and team.campaign_id != campaign.pk:
        raise CampaignError(_("That team belongs to another campaign."))
    page = AdvocatePage(
        campaign=campaign,
        owner=owner,
        display_name=display_name,
        title=title,
        pitch=pitch,
        goal_minor=goal_minor,
        country=country,
        currency=currency_for_country(country),
        commitment=commitment,
        photo_alt=photo_alt,
        team=team,
        language=_language_written_in(language),
    )
    if photo is not None:
        _set_photo(page, photo)

    def already() -> CampaignError | None:
        # The same advocate submitted twice at once; the first one won.
        if AdvocatePage.objects.filter(campaign=campaign, owner=owner).exists():
            return CampaignError(_("You already have a page for this campaign."))
        return None

    # A name with no Latin letters ("陈美玲") makes no address; the title may ("Mei-Ling wears a dress").
    base = display_name if slugify(display_name) else title
    _insert_at_free_address(page, campaign=campaign, base=base, already=already)
    _tell_captain_of_new_member(page, team)
    return page


def _language_written_in(language: str) -> str:
    """A page's or a team's language, one of the site's (the words are marked with it)."""
    if language not in dict(settings.LANGUAGES):
        raise CampaignError(_("Choose the language your page is written in."))
    return language


def _has_captain(team: Team) -> bool:
    # Read afresh, not from a team object that may have been loaded before its captain left.
    return User.objects.filter(pk=team.captain_id, is_active=True).exists()


def _tell_captain_of_new_member(page: AdvocatePage, team: Team | None) -> None:
    """Queue the captain's email about a new member (after commit); not for the captain's own page."""
    if team is not None and team.captain_id != page.owner_id:
        tasks.enqueue("campaigns.tell_captain_of_member", team_id=team.pk, page_id=page.pk)


@transaction.atomic
def update_page(
    *,
    page: AdvocatePage,
    display_name: str,
    title: str,
    pitch: str,
    goal_minor: int,
    country: str,
    commitment: str,
    photo: ContentFile | None,
    photo_alt: str,
    remove_photo: bool = False,
    slug: str | None = None,
    language: str | None = None,
) -> AdvocatePage:
    """Save the advocate's edits; with ``slug``, also move the page to that address (the old one
    keeps leading to it). Locks: the campaign (only when an address is given), then the page."""
    if slug is not None:
        Campaign.objects.select_for_update(no_key=True).filter(pk=page.campaign_id).first()
    page = AdvocatePage.objects.select_for_update(no_key=True).get(pk=page.pk)
    moving = slug is not None and slug != page.slug
    currency = currency_for_country(country)
    if currency != page.currency and page.donations.exists():
        # Gifts already made were routed by the page's country; moving it would split the books.
        raise CampaignError(_("The country of a page that has received gifts cannot change currency."))
    page.display_name, page.title, page.pitch = display_name, title, pitch
    page.goal_minor, page.country, page.currency = goal_minor, country, currency
    page.commitment, page.photo_alt = commitment, photo_alt
    fields = ["display_name", "title", "pitch", "goal_minor", "country", "currency", "commitment", "photo_alt"]
    if language is not None:
        page.language = _language_written_in(language)
        fields.append("language")
    if photo is not None:
        # In this transaction: if the save fails, the old photo is still there.
        _delete_photo(page)
        _set_photo(page, photo)
        fields += ["photo", "photo_thumbnail"]
    elif remove_photo and page.photo.name:
        _delete_photo(page)
        page.photo, page.photo_thumbnail, page.photo_alt = "", "", ""
        fields += ["photo", "photo_thumbnail"]
    if moving and slug is not None:
        _move_page(page, slug)
        fields.append("slug")
    page.save(update_fields=fields)
    return page


# Each move keeps the address left behind from everyone else; a page cannot hoard many.
MAX_FORMER_ADDRESSES = 5
ADDRESS_TAKEN = gettext_lazy("That address is taken. Try another.")


def _move_page(page: AdvocatePage, slug: str) -> None:
    """Under the campaign's lock: no other page can claim ``slug`` between the check and the save."""
    others = AdvocatePage.objects.filter(campaign_id=page.campaign_id, slug=slug).exclude(pk=page.pk).exists()
    held = PageAddress.objects.filter(campaign_id=page.campaign_id, slug=slug).exclude(page=page).exists()
    if others or held:
        raise CampaignError(str(ADDRESS_TAKEN))
    # Coming back to an address the page left before: it is the page's own again.
    PageAddress.objects.filter(page=page, slug=slug).delete()
    if page.former_addresses.count() >= MAX_FORMER_ADDRESSES:
        raise CampaignError(
            _("This page has changed its address %(n)d times already; write to us to change it again.")
            % {"n": MAX_FORMER_ADDRESSES}
        )
    PageAddress.objects.create(campaign_id=page.campaign_id, page=page, slug=page.slug)
    page.slug = slug


PORTRAIT_SIDE = 480  # twice the page's portrait (240 px)


def _set_photo(page: AdvocatePage, photo: ContentFile) -> None:
    thumbnail = square_thumbnail(photo, side=PORTRAIT_SIDE)
    page.photo.save(photo.name or "photo.jpg", photo, save=False)
    page.photo_thumbnail.save(thumbnail.name or "thumb.jpg", thumbnail, save=False)


def _delete_files(*fields: FieldFile) -> None:
    # Files are stored in the database: deleted in the caller's transaction, or not at all.
    for field in fields:
        if field.name:
            field.storage.delete(field.name)


def _delete_photo(page: AdvocatePage) -> None:
    _delete_files(page.photo, page.photo_thumbnail)


@transaction.atomic
def create_team(
    *,
    campaign: Campaign,
    captain: User,
    name: str,
    description: str,
    goal_minor: int,
    currency: str,
    language: str = settings.LANGUAGE_CODE,
) -> Team:
    _refuse_newcomers(campaign)
    if Team.objects.filter(campaign=campaign, search_text=fold(name.strip())).exists():
        raise CampaignError(TEAM_NAME_TAKEN)
    captain_page = AdvocatePage.objects.filter(campaign=campaign, owner=captain).first()
    if captain_page is not None:
        # Team gifts are routed by the captain's country, so the team raises the captain's currency.
        currency = captain_page.currency
    team = Team(
        campaign=campaign,
        name=name.strip(),
        captain=captain,
        description=description,
        goal_minor=goal_minor,
        currency=currency,
        language=_language_written_in(language),
    )

    def already() -> CampaignError | None:
        # Another captain took the name between our check and this insert.
        if Team.objects.filter(campaign=campaign, search_text=fold(name.strip())).exists():
            return CampaignError(TEAM_NAME_TAKEN)
        return None

    _insert_at_free_address(team, campaign=campaign, base=name, already=already)
    page = AdvocatePage.objects.select_for_update(no_key=True).filter(campaign=campaign, owner=captain).first()
    if page is not None and page.team_id is None:
        page.team = team
        page.save(update_fields=["team"])
    return team


@transaction.atomic
def update_team(
    *, team: Team, by: User, name: str, description: str, goal_minor: int, language: str | None = None
) -> Team:
    """The captain renames the team, rewrites its description or moves its goal. The address stays,
    so links already shared keep working."""
    team = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    if team.captain_id != by.pk:
        raise CampaignError(_("Only the team's captain can change the team."))
    name = name.strip()
    if Team.objects.filter(campaign_id=team.campaign_id, search_text=fold(name)).exclude(pk=team.pk).exists():
        raise CampaignError(TEAM_NAME_TAKEN)
    team.name, team.description, team.goal_minor = name, description, goal_minor
    fields = ["name", "description", "goal_minor"]
    if language is not None:
        team.language = _language_written_in(language)
        fields.append("language")
    try:
        with transaction.atomic():
            team.save(update_fields=fields)
    except IntegrityError:
        raise CampaignError(TEAM_NAME_TAKEN) from None
    return team


def _captain_and_member(*, team: Team, by: User, page_slug: str) -> tuple[Team, AdvocatePage]:
    """Lock the team, check that ``by`` captains it, then lock the member's page (in that order)."""
    team = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    if team.captain_id != by.pk:
        raise CampaignError(_("Only the team's captain can change the team."))
    # The member's slug comes from a form's select as typed: anything but a slug (a NUL character,
    # which PostgreSQL refuses in a query) names nobody.
    page = None
    if slug_re.fullmatch(page_slug):
        page = AdvocatePage.objects.select_for_update(no_key=True).filter(team=team, slug=page_slug).first()
    if page is None:
        raise CampaignError(_("That advocate is not on this team."))
    return team, page


@transaction.atomic
def remove_from_team(*, team: Team, by: User, page_slug: str) -> AdvocatePage:
    """The captain takes a member off the team (someone who joined by mistake, or should not be
    there). Their gifts so far stay with the team's total; later ones no longer count for it."""
    team, page = _captain_and_member(team=team, by=by, page_slug=page_slug)
    if page.owner_id == team.captain_id:
        raise CampaignError(CAPTAIN_STAYS)
    page.team = None
    page.save(update_fields=["team"])
    return page


@transaction.atomic
def hand_over_team(*, team: Team, by: User, page_slug: str) -> Team:
    """The captain names a member as the team's new captain, and stays on as a member (free to
    leave). Gifts to the team are routed by its captain's country and kept in the team's currency,
    so the new captain's page must count in that currency too. Locks: the team, then the page."""
    team, page = _captain_and_member(team=team, by=by, page_slug=page_slug)
    if page.owner_id == team.captain_id:
        raise CampaignError(_("You are already the captain."))
    if page.currency != team.currency:
        raise CampaignError(
            _("The team raises %(currency)s, its captain's currency: choose a member whose page does too.")
            % {"currency": team.currency}
        )
    team.captain_id = page.owner_id
    team.save(update_fields=["captain"])
    tasks.enqueue("campaigns.tell_new_captain", team_id=team.pk, captain_id=page.owner_id, by_id=by.pk)
    return team


@transaction.atomic
def join_team(*, page: AdvocatePage, team: Team) -> AdvocatePage:
    """Join a team; a member of another team moves (a captain cannot: their team needs them)."""
    page = AdvocatePage.objects.select_for_update(of=("self",), no_key=True).select_related("team").get(pk=page.pk)
    if team.campaign_id != page.campaign_id:
        raise CampaignError(_("That team belongs to another campaign."))
    if team.campaign.has_ended():
        raise CampaignError(_("%(campaign)s has ended: its teams are final.") % {"campaign": team.campaign.name})
    if not _has_captain(team):
        raise CampaignError(NO_CAPTAIN)
    if page.team is not None and page.team.pk != team.pk and page.team.captain_id == page.owner_id:
        raise CampaignError(CAPTAIN_STAYS)
    if page.team_id == team.pk:
        return page  # pressed twice: the captain hears of a member once
    page.team = team
    page.save(update_fields=["team"])
    _tell_captain_of_new_member(page, team)
    return page


@transaction.atomic
def leave_team(*, page: AdvocatePage) -> AdvocatePage:
    page = AdvocatePage.objects.select_for_update(of=("self",), no_key=True).select_related("team").get(pk=page.pk)
    if page.team is not None and page.team.captain_id == page.owner_id:
        raise CampaignError(CAPTAIN_STAYS)
    page.team = None
    page.save(update_fields=["team"])
    return page


@transaction.atomic
def post_dress_log(*, page: AdvocatePage, day: int, photo: ContentFile, photo_alt: str, caption: str) -> DressLogEntry:
    last_open = page.campaign.last_open_day()
    if last_open is None or not 1 <= day <= last_open:
        raise CampaignError(_("You can post for days of the campaign up to today."))
    if DressLogEntry.objects.filter(page=page, day=day).exists():
        raise CampaignError(_("You already posted a photo for day %(day)d.") % {"day": day})
    entry = DressLogEntry(page=page, day=day, photo_alt=photo_alt, caption=caption)
    thumbnail = square_thumbnail(photo)
    try:
        # The photo, its thumbnail and the entry are kept together or not at all.
        with transaction.atomic():
            entry.photo.save(photo.name or "photo.jpg", photo, save=False)
            entry.thumbnail.save(thumbnail.name or "thumb.jpg", thumbnail, save=False)
            entry.save()
    except IntegrityError:
        raise CampaignError(_("You already posted a photo for day %(day)d.") % {"day": day}) from None
    return entry


@transaction.atomic
def remove_dress_log_entry(*, page: AdvocatePage, day: int) -> None:
    """The advocate takes back a day's photo (the wrong one, or one they would rather not share);
    the day is open to post again. The photo goes with the entry, in the same transaction."""
    entry = DressLogEntry.objects.select_for_update().filter(page=page, day=day).first()
    if entry is None:
        raise CampaignError(_("There is no photo for day %(day)d.") % {"day": day})
    _delete_files(entry.photo, entry.thumbnail)
    entry.delete()


@transaction.atomic
def set_page_published(*, page: AdvocatePage, published: bool) -> AdvocatePage:
    """The advocate hides their page (search, boards, team lists and giving no longer show it; gifts
    already made still count) or shows it again."""
    page = AdvocatePage.objects.select_for_update(no_key=True).get(pk=page.pk)
    if page.taken_down_at is not None:
        raise CampaignError(_("Our team took this page down; write to us to bring it back."))
    page.is_published = published
    page.save(update_fields=["is_published"])
    return page


# Cheers a reader may give in an hour, over all days and pages: plenty for a fan, little for a script.
CHEER_LIMITS = (limits.Limit(60, 3600),)


def cheer(*, entry: DressLogEntry, cheerer_key: str) -> bool:
    """A reader cheers a day of a dress log on, once. Returns False when they already had; the
    unique key settles two presses at once, and the count rises only with a new cheer."""
    if not limits.hit("cheer", cheerer_key, CHEER_LIMITS):
        raise CampaignError(_("That is a lot of cheering! Please try again in a while."))
    try:
        with transaction.atomic():
            DressLogCheer.objects.create(entry=entry, cheerer_key=cheerer_key)
            DressLogEntry.objects.filter(pk=entry.pk).update(cheers=F("cheers") + 1)
    except IntegrityError:
        return False
    return True


# --- reports and take-downs ---------------------------------------------------------------------

# Reports a reader may send in an hour, over all pages: enough for honest use, not for a flood.
REPORT_LIMITS = (limits.Limit(5, 3600),)
REPORT_DETAILS_MAX_LENGTH = 1000


def report_page(*, page: AdvocatePage, reporter_key: str, reason: str, details: str = "", email: str = "") -> bool:
    """Tell staff a page breaks the rules; they hear of it by email after commit. Returns False
    when this reader had already reported the page (nothing new is written or sent)."""
    if reason not in PageReport.Reason.values:
        raise CampaignError(_("Choose what is wrong with the page."))
    details = details.strip()
    if len(details) > REPORT_DETAILS_MAX_LENGTH:
        raise CampaignError(_("Keep the details under %(n)d characters.") % {"n": REPORT_DETAILS_MAX_LENGTH})
    if not limits.hit("page-report", reporter_key, REPORT_LIMITS):
        raise CampaignError(_("You have sent many reports; please try again later."))
    try:
        with transaction.atomic():
            report = PageReport.objects.create(
                page=page, reporter_key=reporter_key, reason=reason, details=details, reporter_email=email.strip()
            )
            tasks.enqueue("campaigns.tell_staff_of_report", report_id=report.pk)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def take_down_page(*, page: AdvocatePage, reason: str, now: datetime.datetime | None = None) -> AdvocatePage:
    """Staff take a page down: it leaves the site and takes no gifts (gifts already made still
    count), its advocate cannot show it again, its open reports are resolved, and its advocate
    hears why by email, in their language, after commit."""
    reason = reason.strip()
    if not reason:
        raise CampaignError(_("Say why the page is taken down: its advocate will read it."))
    now = now or timezone.now()
    page = AdvocatePage.objects.select_for_update(no_key=True).get(pk=page.pk)
    if page.taken_down_at is None:
        tasks.enqueue("campaigns.tell_page_taken_down", page_id=page.pk)
        # Its photos move to new addresses: links already shared (a day's preview, the API's
        # photo address) stop showing what may be the very reason it came down.
        _move_photos(page, ["photo", "photo_thumbnail"])
        for entry in page.dress_log.all():
            _move_photos(entry, ["photo", "thumbnail"])
    page.taken_down_at, page.take_down_reason, page.is_published = now, reason[:500], False
    page.save(update_fields=["taken_down_at", "take_down_reason", "is_published"])
    page.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    return page


def _move_photos(row: AdvocatePage | DressLogEntry, fields: list[str]) -> None:
    moved = []
    for name in fields:
        field = getattr(row, name)
        if field.name:
            field.name = field.storage.rename(field.name)
            moved.append(name)
    if moved:
        row.save(update_fields=moved)


@transaction.atomic
def restore_page(*, page: AdvocatePage) -> AdvocatePage:
    """Staff bring a page they took down back on the site (not one whose account has closed since)."""
    page = AdvocatePage.objects.select_for_update(no_key=True).select_related("owner").get(pk=page.pk)
    if page.owner.closed_at is not None:
        raise CampaignError(_("Its advocate has closed their account: the page cannot come back."))
    page.taken_down_at, page.take_down_reason, page.is_published = None, "", True
    page.save(update_fields=["taken_down_at", "take_down_reason", "is_published"])
    return page


# What a closed account's pages are called where a record must still name them: the staff admin,
# and an email about a gift made before the account closed.
FORMER_ADVOCATE = "Former advocate"
# And a team its captain led alone, numbered: team names are unique in a campaign.
FORMER_TEAM = "Former team"


def teams_to_hand_over(user: User) -> list[Team]:
    """The teams ``user`` captains that have other members, in a campaign not yet over: someone
    must take each over before the account can close. A finished campaign's teams are final, and
    keep a former advocate as captain."""
    running = Team.objects.filter(captain=user, campaign__ends_on__gte=timezone.localdate())
    return list(running.filter(_has_other_members()).order_by("name"))


def teams_led_alone(user: User) -> list[Team]:
    """The teams ``user`` captains that no one else's page is on: their name and description go
    with the account, since nobody else chose them."""
    return list(Team.objects.filter(captain=user).exclude(_has_other_members()).order_by("name"))


def _has_other_members() -> Exists:
    """A team filter: some page other than the captain's own is on the team."""
    return Exists(AdvocatePage.objects.filter(team=OuterRef("pk")).exclude(owner=OuterRef("captain")))


def forget_advocate(user: User) -> None:
    """Erase what ``user`` published as an advocate, inside the caller's transaction (closing the
    account). Each page is hidden, and loses its name, words, photo, dress log and addresses; the
    page row stays, because gifts made on it are in the books. A team the user captains alone
    stays too, for the same reason, without its name, address and description. Locks teams
    before pages, the order hand-overs take them in."""
    captained = list(Team.objects.select_for_update(no_key=True).filter(captain=user))
    pages = list(AdvocatePage.objects.select_for_update(no_key=True).filter(owner=user))
    # Asked once the rows are locked: a hand-over to this person that committed meanwhile counts.
    blocking = teams_to_hand_over(user)
    if blocking:
        teams = ", ".join(team.name for team in blocking)
        raise CampaignError(
            elide(
                _("You captain %(teams)s: hand each team over to a member first, from the team's edit page.")
                % {"teams": teams},
                teams,
            )
        )
    for page in pages:
        for entry in page.dress_log.all():
            _delete_files(entry.photo, entry.thumbnail)
        page.dress_log.all().delete()
        _delete_photo(page)
        page.photo, page.photo_thumbnail = "", ""
        page.former_addresses.all().delete()
        # The address named the advocate ("uma-okafor"); a closed page answers to none of its own.
        # Advocates' addresses have single hyphens only, so none can ever be this one.
        page.slug = f"closed--{page.pk}"
        page.display_name, page.title, page.pitch, page.photo_alt = FORMER_ADVOCATE, "", "", ""
        page.is_published = False
        # Off any team: a closed account is nobody's member, successor or count. Gifts already
        # made stay with the team they were made for.
        page.team = None
        page.save()
    alone = {team.pk for team in teams_led_alone(user)}
    for team in captained:
        if team.pk in alone:
            _forget_team(team)
    DressLogReminder.objects.filter(page__owner=user).delete()


def _forget_team(team: Team) -> None:
    """A team whose captain closed their account and had no one else on it: its name, address and
    description may name the person, so they go. The row stays with its gifts and totals."""
    name = f"{FORMER_TEAM} {team.pk}"
    if Team.objects.filter(campaign_id=team.campaign_id, search_text=fold(name)).exclude(pk=team.pk).exists():
        name = f"{FORMER_TEAM} {team.pk}-{secrets.token_hex(3)}"  # someone named their team so
    # Advocates' team addresses have single hyphens only, so none can ever be this one.
    team.name, team.slug, team.description = name, f"closed--{team.pk}", ""
    team.closed_at = timezone.now()
    team.save(update_fields=["name", "slug", "description", "closed_at"])


@transaction.atomic
def queue_dress_log_reminders(*, campaign: Campaign, on: datetime.date | None = None) -> int:
    """Queue a reminder for every advocate of a published page with no photo yet for the day of
    the campaign that ``on`` (today, in the campaign's time zone) is; returns how many.

    Meant to run once every evening, but safe to run again or on two machines at once: the
    unique (page, day) key lets one reminder through, and each run emails only the rows it made.
    """
    day = campaign.day_of_campaign(on)
    if day is None:
        return 0
    due = (
        AdvocatePage.objects.published()
        .filter(campaign=campaign, owner__dress_log_reminders=True, owner__is_active=True)
        .exclude(dress_log__day=day)
        .exclude(reminders__day=day)
        .values_list("pk", flat=True)
    )
    run = uuid.uuid4()
    fresh = [DressLogReminder(page_id=page_id, day=day, run=run) for page_id in due]
    DressLogReminder.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    mine = list(DressLogReminder.objects.filter(run=run).values_list("pk", flat=True))
    tasks.enqueue_many(*[("campaigns.remind_dress_log", {"reminder_id": pk}) for pk in mine])
    return len(mine)


def set_dress_log_reminders(*, user: User, on: bool) -> None:
    """Whether the advocate gets an evening reminder on a day with no photo yet."""
    User.objects.filter(pk=user.pk).update(dress_log_reminders=on)


def set_gift_emails(*, user: User, on: bool) -> None:
    """Whether the advocate (or captain) gets an email for each new gift."""
    User.objects.filter(pk=user.pk).update(gift_emails=on)


def set_team_messages(*, user: User, on: bool) -> None:
    """Whether a team member gets the captain's messages by email."""
    User.objects.filter(pk=user.pk).update(team_messages=on)


def set_campaign_news(*, user: User, on: bool) -> None:
    """Whether the advocate gets the campaign team's announcements."""
    User.objects.filter(pk=user.pk).update(campaign_news=on)


def set_team_news(*, user: User, on: bool) -> None:
    """Whether a captain gets an email when someone joins the team."""
    User.objects.filter(pk=user.pk).update(team_news=on)


# A few a day: a captain rallies the team, the team's inboxes are not a mailing list.
TEAM_MESSAGES_PER_DAY = 3
TEAM_MESSAGE_MAX_LENGTH = 2000


@transaction.atomic
def send_team_message(*, team: Team, sender: User, body: str, now: datetime.datetime | None = None) -> TeamMessage:
    """The captain writes to every member of the team (but themselves) who takes these emails;
    one email task per member, after commit. The team's row is locked, so two sends at once
    cannot both squeeze under the day's limit."""
    now = now or timezone.now()
    body = body.strip()
    team = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    if team.captain_id != sender.pk:
        raise CampaignError(_("Only the team's captain can write to its members."))
    if not body:
        raise CampaignError(_("Write your message first."))
    if len(body) > TEAM_MESSAGE_MAX_LENGTH:
        raise CampaignError(_("Keep your message under %(n)d characters.") % {"n": TEAM_MESSAGE_MAX_LENGTH})
    if team.messages.filter(created_at__gt=now - datetime.timedelta(days=1)).count() >= TEAM_MESSAGES_PER_DAY:
        raise CampaignError(
            _("A team can get %(n)d messages a day; write again tomorrow.") % {"n": TEAM_MESSAGES_PER_DAY}
        )
    message = TeamMessage.objects.create(team=team, sender=sender, body=body, created_at=now)
    members = team_message_recipients(team).exclude(pk=sender.pk).values_list("pk", flat=True)
    tasks.enqueue_many(*[("campaigns.send_team_message", {"message_id": message.pk, "user_id": pk}) for pk in members])
    return message


def team_message_recipients(team: Team) -> QuerySet[User]:
    """The members who get the captain's messages (the captain is one of them)."""
    return User.objects.filter(pages__team=team, is_active=True, team_messages=True).distinct()


def announce(
    *,
    campaign: Campaign,
    by: User,
    subject: str,
    body: str,
    subject_fr: str = "",
    body_fr: str = "",
    idempotency_key: str,
) -> Announcement:
    """Campaign staff write to every advocate of ``campaign`` who takes the campaign's news (pages
    taken down by staff and closed accounts excepted): one email task each, after commit. The same
    ``idempotency_key`` sends once, however often the form is submitted."""
    subject, body = " ".join(subject.split()), body.strip()
    subject_fr, body_fr = " ".join(subject_fr.split()), body_fr.strip()
    if not subject or not body:
        raise CampaignError(_("Write a subject and a message."))
    if bool(subject_fr) != bool(body_fr):
        raise CampaignError(_("Give both the French subject and the French message, or neither."))
    with transaction.atomic():
        existing = Announcement.objects.select_for_update().filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
        readers = list(
            User.objects.filter(
                pages__campaign=campaign, pages__taken_down_at__isnull=True, is_active=True, campaign_news=True
            )
            .distinct()
            .values_list("pk", flat=True)
        )
        try:
            with transaction.atomic():
                announcement = Announcement.objects.create(
                    campaign=campaign,
                    sent_by=by,
                    subject=subject,
                    body=body,
                    subject_fr=subject_fr,
                    body_fr=body_fr,
                    recipients=len(readers),
                    idempotency_key=idempotency_key,
                )
        except IntegrityError:  # the same form, sent twice at once: the other one won
            return Announcement.objects.get(idempotency_key=idempotency_key)
        tasks.enqueue_many(
            *[("campaigns.send_announcement", {"announcement_id": announcement.pk, "user_id": pk}) for pk in readers]
        )
    return announcement


# --- stopping an email from the email itself --------------------------------------------------


class EmailKind(StrEnum):
    """The advocate's emails that carry a one-click way to stop them (the rest answer something
    the person did, so stopping them makes no sense)."""

    GIFT_EMAILS = "gifts"
    REMINDERS = "reminders"
    TEAM_MESSAGES = "team"
    TEAM_NEWS = "team-news"
    CAMPAIGN_NEWS = "news"


STOP_EMAILS: dict[EmailKind, Callable[..., None]] = {
    EmailKind.GIFT_EMAILS: set_gift_emails,
    EmailKind.REMINDERS: set_dress_log_reminders,
    EmailKind.TEAM_MESSAGES: set_team_messages,
    EmailKind.TEAM_NEWS: set_team_news,
    EmailKind.CAMPAIGN_NEWS: set_campaign_news,
}
STOP_SALT = "jfa.campaigns.stop-emails"


class BadStopLink(CampaignError):
    pass


def stop_token(user: User, kind: EmailKind) -> str:
    """A link that stops one kind of email for one person, without signing in. It never expires:
    an old email must still be able to stop the next ones. The email address is part of it, so a
    link sent to an address the account has since left no longer works."""
    return signing.dumps({"u": user.pk, "e": user.email, "k": kind.value}, salt=STOP_SALT)


def read_stop_token(*, token: str) -> tuple[User, EmailKind]:
    """The person and the kind of email a stop link names; BadStopLink for a forged or damaged one."""
    try:
        data = signing.loads(token, salt=STOP_SALT)
        user = User.objects.get(pk=data["u"], email=data["e"])
        return user, EmailKind(data["k"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        raise BadStopLink(_("This link is not valid. Nothing was changed.")) from None


def stop_emails(*, token: str) -> tuple[User, EmailKind]:
    """Turn off the kind of email a stop link names (again is harmless)."""
    user, kind = read_stop_token(token=token)
    STOP_EMAILS[kind](user=user, on=False)
    return user, kind
