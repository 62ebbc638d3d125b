from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jfa.core.images import clean_photo
from jfa.core.money import CURRENCY_CHOICES, MoneyError, parse_amount
from jfa.core.widgets import CountryField, UserText

from .models import AdvocatePage, Announcement, Campaign, Commitment, PageReport, Team, currency_for_country

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class AddressField(forms.CharField):
    """A page address as typed: "Amara-Okafor" is taken as "amara-okafor"."""

    def to_python(self, value: object) -> str:
        return (super().to_python(value) or "").lower()


PHOTO_WIDGET = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})


class GoalMixin(forms.Form):
    goal = forms.CharField(
        label=_("Fundraising goal"), max_length=15, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )

    def goal_minor(self, currency: str) -> int | None:
        try:
            goal = parse_amount(self.cleaned_data["goal"], currency)
        except MoneyError as error:
            self.add_error("goal", str(error))
            return None
        if goal.minor <= 0:
            self.add_error("goal", _("Enter a goal greater than zero."))
            return None
        return goal.minor


def language_field(label: _StrOrPromise) -> forms.ChoiceField:
    """Which language a page or team is written in. Each language is named in itself, as a
    language switch does, so a reader finds their own; a list always answers, so it is not
    required of a form sent without it (see ``written_in``)."""
    return forms.ChoiceField(
        label=label,
        choices=[("en", "English"), ("fr", "Français")],
        required=False,
        help_text=_("Screen readers read your words with this language's sounds."),
    )


def written_in(cleaned: dict) -> str:
    """The language chosen, or, from a form sent without it, the language it was filled in."""
    language = cleaned.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    return language[:2]


class PageForm(GoalMixin):
    """The guided page set-up (and later edits): who you are, why, how much, a photo, a team."""

    display_name = UserText(label=_("Your name as shown"), max_length=80)
    title = UserText(label=_("Page title"), max_length=120, initial=_("I'm wearing a dress every day this December"))
    pitch = UserText(
        label=_("Why you are taking part"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; line breaks are kept."),
    )
    country = CountryField(
        label=_("Country"),
        help_text=_("Pages in Canada raise Canadian dollars for IJM Canada."),
    )
    commitment = forms.ChoiceField(label=_("I will wear"), choices=Commitment.choices)
    language = language_field(_("My page is written in"))
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=PHOTO_WIDGET, help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB.")
    )
    photo_alt = UserText(
        label=_("Describe your photo"), max_length=200, required=False, help_text=_("For people using screen readers.")
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    # A returning advocate's set-up: last year's photo, unless they choose a new one or untick it.
    reuse_photo = forms.BooleanField(label=_("Use my photo from last time"), required=False)
    slug = AddressField(
        label=_("Page address"),
        min_length=3,
        max_length=60,
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                _("Use lowercase letters, numbers and single hyphens between them, like “amara-okafor”."),
            )
        ],
    )
    team = forms.ModelChoiceField(label=_("Join a team"), queryset=Team.objects.none(), required=False)
    field_order = [
        "display_name", "title", "pitch", "language", "goal", "country", "commitment", "photo", "reuse_photo",
        "photo_alt", "remove_photo", "slug", "team",
    ]  # fmt: skip

    def __init__(
        self,
        *args: object,
        campaign: Campaign | None = None,
        with_team: bool = True,
        has_photo: bool = False,
        address_prefix: str = "",
        last_page: AdvocatePage | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not has_photo:
            del self.fields["remove_photo"]
        if last_page is not None and last_page.photo:
            self.fields["reuse_photo"].label = _("Use my photo from %(campaign)s") % {
                "campaign": last_page.campaign.name
            }
            self.fields["reuse_photo"].initial = True
        else:
            del self.fields["reuse_photo"]
        if address_prefix:  # only once the page exists: the set-up makes one from the name
            self.fields["slug"].help_text = _(
                "Your page is at %(prefix)saddress/. Links to the address you had keep leading to your page."
            ) % {"prefix": address_prefix}
        else:
            del self.fields["slug"]
        # The page's currency follows its country; the goal says which one it is counted in.
        self.fields["goal"].help_text = _("In Canadian dollars for a page in Canada, in US dollars anywhere else.")
        if with_team and campaign is not None:
            self.fields["team"].queryset = Team.objects.open().filter(campaign=campaign).order_by("name")  # type: ignore[attr-defined]
        else:
            del self.fields["team"]

    def clean_photo(self) -> ContentFile | None:
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def page_fields(self) -> dict:
        """The cleaned values as keyword arguments for ``open_page`` and ``update_page``."""
        data = self.cleaned_data
        names = ["display_name", "title", "pitch", "goal_minor", "country", "commitment", "photo", "photo_alt"]
        return {**{name: data[name] for name in names}, "language": written_in(data)}

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("photo") and cleaned.get("remove_photo"):
            self.add_error("remove_photo", _("Either choose a new photo or remove the one you have, not both."))
        elif cleaned.get("photo") and not cleaned.get("photo_alt"):
            self.add_error("photo_alt", _("Describe your photo for people who cannot see it."))
        if "goal" in cleaned and "country" in cleaned:
            cleaned["goal_minor"] = self.goal_minor(currency_for_country(cleaned["country"]))
        return cleaned


class TeamForm(GoalMixin):
    """A new team, or (with ``currency``) a captain's later edits: then the currency stays, since
    the team's gifts were routed by it."""

    name = UserText(label=_("Team name"), max_length=80)
    description = UserText(
        label=_("About the team"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = language_field(_("Our team page is written in"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    # The goal comes from a mixin, so it would come first; a team is named before it is measured.
    field_order = ["name", "description", "language", "currency", "goal"]

    def __init__(self, *args: object, currency: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fixed_currency = currency
        if currency is not None:
            del self.fields["currency"]
            self.fields["goal"].help_text = _("In %(currency)s, the team's currency.") % {"currency": currency}

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        currency = self.fixed_currency or cleaned.get("currency")
        if "goal" in cleaned and currency:
            cleaned["goal_minor"] = self.goal_minor(currency)
        return cleaned


class DressLogForm(forms.Form):
    day = forms.IntegerField(label=_("Day of December"), min_value=1, max_value=31)
    photo = forms.FileField(label=_("Your photo"), widget=PHOTO_WIDGET)
    photo_alt = UserText(label=_("Describe your photo"), max_length=200)
    caption = UserText(label=_("Caption"), max_length=280, required=False)

    def clean_photo(self) -> ContentFile:
        return clean_photo(self.cleaned_data["photo"])


class TeamMessageForm(forms.Form):
    """A captain's message to the team's members."""

    body = UserText(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text, up to 2,000 characters. Each member gets it by email."),
    )


class PageReportForm(forms.Form):
    """A reader tells staff what is wrong with a page."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this page?"), choices=[("", "—"), *PageReport.Reason.choices]
    )
    details = UserText(
        label=_("Details"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you saw, and where: the more we know, the faster we can act."),
    )
    email = forms.EmailField(
        label=_("Your email"),
        required=False,
        help_text=_("If you would like an answer. The page's advocate never sees it."),
    )


class TakeDownForm(forms.Form):
    """Staff say why a page comes down; its advocate reads this, in the email and on the dashboard."""

    reason = forms.CharField(
        label=_("Why the page is taken down"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Its advocate reads this: say what breaks the rules and how they can fix it."),
    )


class AnnouncementForm(forms.ModelForm):
    """Staff's message to every advocate. The hidden key makes a second press of Save send nothing."""

    form_key = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Announcement
        fields = ["campaign", "subject", "body", "subject_fr", "body_fr"]
        help_texts = {
            "body": _("Plain text. Each advocate gets it by email, after “Hi” and their name."),
            "body_fr": _("For advocates who read French; without it they get the English text."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["form_key"].initial = uuid.uuid4().hex

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if bool(cleaned.get("subject_fr", "").strip()) != bool(cleaned.get("body_fr", "").strip()):
            raise forms.ValidationError(_("Give both the French subject and the French message, or neither."))
        return cleaned
