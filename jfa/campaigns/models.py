from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jfa.core.countries import validate_country
from jfa.core.money import CURRENCY_CHOICES, Money
from jfa.core.text import fold, localized, localized_language


def currency_for_country(country: str) -> str:
    """Pages in Canada raise Canadian dollars for IJM Canada; every other page raises US dollars."""
    return "CAD" if country == "CA" else "USD"


# The time zones furthest from UTC (Kiribati's Line Islands, and Baker Island).
_UTC_PLUS_14 = datetime.timedelta(hours=14)
_UTC_MINUS_12 = datetime.timedelta(hours=12)


def _also_save_search_text(save_kwargs: dict, *sources: str) -> None:
    """A save limited to some fields writes the search text too when one of its sources is among them."""
    fields = save_kwargs.get("update_fields")
    if fields is not None and set(fields) & set(sources):
        save_kwargs["update_fields"] = {*fields, "search_text"}


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def current(self) -> Campaign | None:
        return self.filter(is_active=True).order_by("-year").first()


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    year = models.PositiveIntegerField(_("year"))
    registration_opens_on = models.DateField(_("registration opens on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goal_minor = models.BigIntegerField(_("goal (minor units)"))
    goal_currency = models.CharField(_("goal currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD")
    is_active = models.BooleanField(_("active"), default=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(goal_minor__gt=0), name="campaign_goal_positive"),
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="campaign_dates_ordered"),
            models.CheckConstraint(
                condition=Q(registration_opens_on__lte=models.F("starts_on")), name="campaign_registration_first"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def goal(self) -> Money:
        return Money(self.goal_minor, self.goal_currency)

    def day_of_campaign(self, on: datetime.date | None = None) -> int | None:
        """1 on the first day of the campaign; None outside it."""
        on = on or timezone.localdate()
        if self.starts_on <= on <= self.ends_on:
            return (on - self.starts_on).days + 1
        return None

    def registration_has_opened(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) >= self.registration_opens_on

    def has_started(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) >= self.starts_on

    def has_ended(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.ends_on

    def takes_newcomers(self, on: datetime.date | None = None) -> bool:
        """Whether pages and teams may be opened, and teams joined: from registration to the last day."""
        on = on or timezone.localdate()
        return self.registration_has_opened(on) and not self.has_ended(on)

    @property
    def length_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def last_open_day(self, now: datetime.datetime | None = None) -> int | None:
        """The latest campaign day that has begun somewhere on Earth, while the campaign is still
        running somewhere; None before the first day begins anywhere and after the last ends everywhere.

        Advocates live from Auckland to Vancouver: a photo for 1 December may come in while it is
        still 30 November in Toronto, and one for 31 December while it is already January in Sydney.
        """
        now = now or timezone.now()
        furthest_ahead = (now + _UTC_PLUS_14).astimezone(datetime.UTC).date()
        furthest_behind = (now - _UTC_MINUS_12).astimezone(datetime.UTC).date()
        if furthest_ahead < self.starts_on or furthest_behind > self.ends_on:
            return None
        return (min(furthest_ahead, self.ends_on) - self.starts_on).days + 1


class ImpactTier(models.Model):
    """A suggested amount and what it can do, e.g. "$30 can provide a trauma therapy session"."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="impact_tiers", verbose_name=_("campaign")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    description = models.CharField(_("what it provides"), max_length=160)
    description_fr = models.CharField(_("what it provides (French)"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("impact tier")
        verbose_name_plural = _("impact tiers")
        ordering = ["currency", "amount_minor"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="impact_tier_amount_positive"),
            models.UniqueConstraint(fields=["campaign", "currency", "amount_minor"], name="impact_tier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} — {self.description}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)

    @property
    def localized_description(self) -> str:
        return localized(self.description, self.description_fr)

    @property
    def description_language(self) -> str:
        return localized_language(self.description_fr)


class Commitment(models.TextChoices):
    DRESS = "dress", _("a dress")
    TIE = "tie", _("a tie")


class TeamQuerySet(models.QuerySet["Team"]):
    def open(self) -> TeamQuerySet:
        """Teams still on the site: not one a closed account led alone (see ``closed_at``)."""
        return self.filter(closed_at__isnull=True)

    def search(self, text: str) -> TeamQuerySet:
        folded = fold(text.strip())
        return self.filter(search_text__contains=folded) if folded else self.none()


class Team(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="teams", verbose_name=_("campaign"))
    name = models.CharField(_("team name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=90)
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="captained_teams", verbose_name=_("captain")
    )
    description = models.TextField(_("about the team"), max_length=2000, blank=True)
    # The language the captain writes the team's words in (as an advocate page's ``language``).
    language = models.CharField(
        _("language of the team page"), max_length=8, choices=settings.LANGUAGES, default="en", db_default="en"
    )
    goal_minor = models.BigIntegerField(_("team goal (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD")
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    # When its advocate last took a donor's message off the wall or put one back. Readers' copies
    # of the team's page are kept by what its row holds, so this makes the next reader's copy new.
    wall_changed_at = models.DateTimeField(_("wall last changed"), null=True, blank=True, editable=False)
    # Set when the captain, alone on it, closed their account: the team leaves the site (its page,
    # the boards, search, the list to join) as their pages do, and keeps its gifts in the books.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # The name without accents or case, kept by save(): "montreal" finds "Montréal en robe" on
    # every database (SQLite has no unaccent).
    search_text = models.CharField(max_length=80, editable=False, default="")

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="team_slug_unique_per_campaign"),
            # Two teams whose names differ only by accents or case would be one team to a donor.
            models.UniqueConstraint(fields=["campaign", "search_text"], name="team_name_unique_per_campaign"),
            models.CheckConstraint(condition=Q(goal_minor__gt=0), name="team_goal_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(self.name)
        _also_save_search_text(kwargs, "name")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:team", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The folded-name constraint is on a field no form shows, so forms (the admin's) would not
        # check it; this gives them the message instead of a database error.
        same = Team.objects.filter(campaign_id=self.campaign_id, search_text=fold(self.name or "")).exclude(pk=self.pk)
        if self.campaign_id and same.exists():
            raise ValidationError({"name": _("A team with that name already exists.")})

    @property
    def goal(self) -> Money:
        return Money(self.goal_minor, self.currency)


class PageQuerySet(models.QuerySet["AdvocatePage"]):
    def published(self) -> PageQuerySet:
        return self.filter(is_published=True)

    def search(self, text: str) -> PageQuerySet:
        text = text.strip()
        if not text:
            return self.none()
        return self.published().filter(search_text__contains=fold(text))


class AdvocatePage(models.Model):
    """An advocate's personal fundraising page for one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="pages", verbose_name=_("campaign"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pages", verbose_name=_("owner")
    )
    slug = models.SlugField(_("page address"), max_length=90)
    display_name = models.CharField(_("your name as shown"), max_length=80)
    title = models.CharField(_("page title"), max_length=120)
    pitch = models.TextField(_("why you are taking part"), max_length=5000)
    photo = models.ImageField(_("photo"), upload_to="pages/%Y/", blank=True)
    # A small square copy for the page's portrait and search results (none on older pages).
    photo_thumbnail = models.ImageField(_("thumbnail"), upload_to="pages/%Y/thumbs/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    goal_minor = models.BigIntegerField(_("goal (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    commitment = models.CharField(_("I will wear"), max_length=10, choices=Commitment.choices, default=Commitment.DRESS)
    # The language the advocate writes their page in: a French pitch on the English site (or the
    # reverse) is marked as such, so screen readers read it with the right sounds.
    language = models.CharField(
        _("language of the page"), max_length=8, choices=settings.LANGUAGES, default="en", db_default="en"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("team")
    )
    is_published = models.BooleanField(_("published"), default=True)
    # Set when staff took the page down (after a report, say): it stays hidden until staff bring it
    # back, whatever its advocate presses. The reason is shown to the advocate.
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    take_down_reason = models.CharField(_("why it was taken down"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    # As on Team: a hidden message leaves every reader's copy of the page at once.
    wall_changed_at = models.DateTimeField(_("wall last changed"), null=True, blank=True, editable=False)
    # Name and title without accents or case, kept by save(): "lea" finds "Léa Bouchard".
    search_text = models.CharField(max_length=201, editable=False, default="")

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("advocate page")
        verbose_name_plural = _("advocate pages")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="page_slug_unique_per_campaign"),
            models.UniqueConstraint(fields=["campaign", "owner"], name="one_page_per_advocate_per_campaign"),
            models.CheckConstraint(condition=Q(goal_minor__gt=0), name="page_goal_positive"),
            # The page's currency follows its country; routing to IJM Canada depends on it.
            models.CheckConstraint(
                condition=(Q(country="CA") & Q(currency="CAD")) | (~Q(country="CA") & Q(currency="USD")),
                name="page_currency_follows_country",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(f"{self.display_name} {self.title}")
        _also_save_search_text(kwargs, "display_name", "title")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:page", kwargs={"slug": self.slug})

    @property
    def portrait_url(self) -> str:
        return self.photo_thumbnail.url if self.photo_thumbnail else self.photo.url

    @property
    def goal(self) -> Money:
        return Money(self.goal_minor, self.currency)


class DressLogEntry(models.Model):
    """One day of the 31-day commitment: a photo and a caption."""

    page = models.ForeignKey(AdvocatePage, on_delete=models.CASCADE, related_name="dress_log")
    day = models.PositiveSmallIntegerField(_("day of December"))
    photo = models.ImageField(_("photo"), upload_to="dresslog/%Y/")
    # A small square copy for the calendar and the home page; entries from before thumbnails
    # were made have none and show the photo itself.
    thumbnail = models.ImageField(_("thumbnail"), upload_to="dresslog/%Y/thumbs/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200)
    caption = models.CharField(_("caption"), max_length=280, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("posted at"))
    # How many people cheered the day on: kept with the entry (raised with each DressLogCheer, in
    # its transaction) so that a calendar of 31 days reads it with the entries, at no extra cost.
    cheers = models.PositiveIntegerField(_("cheers"), default=0)

    class Meta:
        ordering = ["day"]
        verbose_name = _("dress-log photo")
        verbose_name_plural = _("dress-log photos")
        # The campaign home shows the newest photos first.
        indexes = [models.Index(fields=["-created_at"], name="dress_log_newest")]
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="one_dress_log_entry_per_day"),
            models.CheckConstraint(condition=Q(day__gte=1) & Q(day__lte=31), name="dress_log_day_in_december"),
        ]

    def __str__(self) -> str:
        return f"{self.page} — day {self.day}"

    @property
    def thumbnail_url(self) -> str:
        return self.thumbnail.url if self.thumbnail else self.photo.url


class DressLogReminder(models.Model):
    """A reminder sent to a page's advocate on a campaign day with no photo yet: one per page
    and day, however many times (or on however many machines) the daily command runs."""

    page = models.ForeignKey(AdvocatePage, on_delete=models.CASCADE, related_name="reminders")
    day = models.PositiveSmallIntegerField(_("day of December"))
    # Which run of the command made the row: a run emails only the rows it made itself.
    run = models.UUIDField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dress-log reminder")
        verbose_name_plural = _("dress-log reminders")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_reminder_per_page_and_day")]

    def __str__(self) -> str:
        return f"{self.page} — day {self.day}"


class PageAddress(models.Model):
    """An address a page has left: links already shared (printed QR cards, posts, a box on a
    blog) still lead to the page. Nobody else may take it while it is held here."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(AdvocatePage, on_delete=models.CASCADE, related_name="former_addresses")
    slug = models.SlugField(_("former address"), max_length=90)
    created_at = models.DateTimeField(_("left on"), default=timezone.now)

    class Meta:
        verbose_name = _("former page address")
        verbose_name_plural = _("former page addresses")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["campaign", "slug"], name="former_address_unique_per_campaign")]

    def __str__(self) -> str:
        return self.slug


class TeamMessage(models.Model):
    """What a team's captain wrote to its members; each member gets it by email after commit."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="messages", verbose_name=_("team"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sender")
    )
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("team message")
        verbose_name_plural = _("team messages")
        ordering = ["-created_at"]
        # The day's count (a team sends a few a day) and the captain's list of sent messages.
        indexes = [models.Index(fields=["team", "-created_at"], name="team_message_newest")]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="team_message_not_empty")]

    def __str__(self) -> str:
        return f"{self.team} — {self.created_at:%Y-%m-%d %H:%M}"


class PageReport(models.Model):
    """Someone's word to staff that a page breaks the rules: one per page and reporter."""

    class Reason(models.TextChoices):
        FRAUD = "fraud", _("It is not a real fundraiser, or it pretends to be someone else")
        OFFENSIVE = "offensive", _("Its words or photos are hateful, violent or sexual")
        PRIVACY = "privacy", _("It shares someone's private information or photo without their consent")
        SPAM = "spam", _("It is spam or advertising")
        OTHER = "other", _("Something else")

    page = models.ForeignKey(AdvocatePage, on_delete=models.CASCADE, related_name="reports", verbose_name=_("page"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    # Optional: where staff may write back. Never shown to the page's advocate.
    reporter_email = models.EmailField(_("reporter's email"), blank=True)
    # Who reported, as "user:<id>" or a keyed hash of the IP address: one report each per page.
    reporter_key = models.CharField(_("reporter"), max_length=270)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("page report")
        verbose_name_plural = _("page reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "reporter_key"], name="one_report_per_page_and_reporter")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.page_id}"


class DressLogCheer(models.Model):
    """One reader cheering one day of a dress log on: an account, or a keyed hash of an address."""

    entry = models.ForeignKey(DressLogEntry, on_delete=models.CASCADE, related_name="cheered_by")
    cheerer_key = models.CharField(max_length=270)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cheer")
        verbose_name_plural = _("cheers")
        constraints = [models.UniqueConstraint(fields=["entry", "cheerer_key"], name="one_cheer_per_day_and_reader")]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.cheerer_key}"


class Announcement(models.Model):
    """What campaign staff write to every advocate of a campaign; each gets it by email after
    commit, in French when they read French and a French text was given."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("campaign")
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    subject_fr = models.CharField(_("subject in French"), max_length=150, blank=True)
    body_fr = models.TextField(_("message in French"), max_length=5000, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("sent to"), default=0)
    # One per admin form: a second press of Save sends nothing more.
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("announcement to advocates")
        verbose_name_plural = _("announcements to advocates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def in_language(self, language: str) -> tuple[str, str]:
        """The subject and message for a reader of ``language``."""
        if language == "fr" and self.subject_fr and self.body_fr:
            return self.subject_fr, self.body_fr
        return self.subject, self.body
