from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: advocate, staff, partner staff. Donors need no account."""

    username = None  # type: ignore[assignment,misc]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # The language the person last chose on the site (or signed up in): what we write to them in,
    # e.g. when a gift arrives on their page.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    # In a donor rush an advocate may get dozens of these a day; they can turn them off.
    gift_emails = models.BooleanField(_("email me about each new gift"), default=True)
    # An evening nudge on a December day the advocate has not posted their photo yet.
    dress_log_reminders = models.BooleanField(_("remind me to post my dress-log photo"), default=True)
    # What a team's captain writes to the team's members.
    team_messages = models.BooleanField(_("email me my team captain's messages"), default=True)
    # A captain hears of each new member (a large team's captain may turn it off).
    team_news = models.BooleanField(_("email me when someone joins my team"), default=True)
    # What campaign staff write to every advocate: the start, a deadline, the final total.
    campaign_news = models.BooleanField(_("email me the campaign team's news"), default=True)
    # Set when the person closed their account: the row stays (gifts on their page are in the
    # books, teams they captained alone keep a captain), emptied of everything that named them.
    closed_at = models.DateTimeField(_("account closed at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.email

    def get_short_name(self) -> str:
        # The back office greets staff by this ("Welcome, Campaign staff"), else by their email.
        return self.display_name or self.first_name

    @property
    def public_name(self) -> str:
        if self.closed_at is not None:
            return str(_("Former advocate"))
        return self.display_name or self.get_full_name() or self.email.split("@")[0]
