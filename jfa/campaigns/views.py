from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from jfa.core.countries import country_from_languages, is_country
from jfa.core.http import post_only
from jfa.core.limits import client_ip, hash_ip
from jfa.core.page_cache import fresh_key, render_for_readers
from jfa.core.qr import qr_svg
from jfa.donations import actions as donation_actions
from jfa.donations.forms import DonationForm, ThanksNoteForm
from jfa.donations.models import Donation, DonationStatus, TotalScope
from jfa.donations.queries import route_context
from jfa.stories import queries as story_queries

from . import actions, queries, share_images
from .forms import DressLogForm, PageForm, PageReportForm, TeamForm, TeamMessageForm, written_in
from .models import AdvocatePage, DressLogEntry, Team

DASHBOARD_GIFTS = 5


# Where a visit to a form's address goes (see post_only): the page that form lives on.
def _dashboard(request: HttpRequest, **_: object) -> str:
    return reverse("campaigns:dashboard")


def _team_page(request: HttpRequest, slug: str, **_: object) -> str:
    return reverse("campaigns:team", args=[slug])


def _dress_log_day(request: HttpRequest, slug: str, day: int) -> str:
    return reverse("campaigns:page_day", args=[slug, day])


def _thanks(request: HttpRequest, **_: object) -> str:
    return reverse("campaigns:thanks")


def follows_moved_pages(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page's former address leads to the same view at its new one: printed QR codes, shared
    posts and boxes on blogs keep working after an advocate changes their page's address. A 307
    keeps a form's POST a POST, and is not cached for good, since the page may move again."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, slug, *args, **kwargs)
        except Http404:
            moved_to = queries.moved_page_slug(slug)
            # A page back at an address it once left is not found here for another reason (a day
            # with no photo, a page hidden): sending the reader to the same address would loop.
            if moved_to is None or moved_to == slug or request.resolver_match is None:
                raise
            match = request.resolver_match
            url = reverse(match.view_name, kwargs={**match.kwargs, "slug": moved_to})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(f"{url}?{query}" if query else url, status=307)

    return wrapper


def access_own_page(request: HttpRequest, slug: str | None = None) -> AdvocatePage | None:
    """The signed-in advocate's page in the current campaign; with a slug, refuse anyone else's."""
    campaign = queries.current_campaign()
    if slug is not None:
        page = get_object_or_404(AdvocatePage.objects.filter(campaign=campaign), slug=slug)
        if page.owner_id != request.user.pk:
            raise PermissionDenied(_("Only the advocate can change this page."))
        return page
    return AdvocatePage.objects.filter(campaign=campaign, owner_id=request.user.pk).select_related("team").first()


# How long anonymous readers may be served one rendering of the home page: as long as its boards.
HOME_SECONDS = 10


def home(request: HttpRequest) -> HttpResponse:
    campaign = queries.current_campaign()
    summary = queries.campaign_summary(campaign)
    context = {
        "summary": summary,
        # Read by the template only when its cached copy of these boards has expired.
        "top_advocates": partial(queries.top_advocates, campaign),
        "top_teams": partial(queries.top_teams, campaign),
        "newest_gifts": partial(queries.newest_gifts, campaign),
        "latest_photos": partial(queries.latest_dress_log, campaign),
        "latest_story": story_queries.latest_story,
    }
    # The boards and photos behind the totals are rebuilt every 10 seconds; so is the page.
    return render_for_readers(
        request, "campaigns/home.html", context, shows=summary, timeout=HOME_SECONDS, signed_in_too=True
    )


LEADERBOARD_PAGE_SIZE = 50


def leaderboard(request: HttpRequest, board: str) -> HttpResponse:
    """Every advocate (or team) with gifts, most raised first, a page of 50 at a time; the
    advocates also country by country (a country's pages share one currency, so its board ranks
    exactly)."""
    campaign = queries.current_campaign()
    countries = queries.countries_with_pages(campaign) if board == "advocates" else []
    country = request.GET.get("country", "")
    country = country if country in dict(countries) else ""
    if board == "advocates":
        ranked = queries.top_advocates(campaign, limit=None, country=country)
    else:
        ranked = queries.top_teams(campaign, limit=None)
    leaders = Paginator(ranked, LEADERBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "board": board,
        "leaders": leaders,
        "campaign": campaign,
        "countries": countries,
        "country": country,
        "one_currency": len({leader.raised.currency for leader in ranked}) <= 1,
    }
    return render(request, "campaigns/leaderboard.html", context)


def search(request: HttpRequest) -> HttpResponse:
    campaign = queries.current_campaign()
    text = request.GET.get("q", "")[:80]
    country = request.GET.get("country", "")
    country = country if is_country(country) else ""
    pages, teams = queries.search(campaign, text, country=country)
    context = {"q": text, "country": country, "pages": pages, "teams": teams}
    if request.headers.get("HX-Request"):
        return render(request, "campaigns/_search_results.html", context)
    return render(request, "campaigns/search.html", {**context, "countries": queries.countries_with_pages(campaign)})


@follows_moved_pages
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.page_in_campaign(slug)
    campaign = page.campaign
    tiers = queries.impact_tiers_for(campaign, page.currency)
    calendar = queries.dress_log_calendar(page)
    # Built only when the page is rendered: a reader served from the cache gets a fresh key instead.
    key = fresh_key()
    form = SimpleLazyObject(lambda: DonationForm(currency=page.currency, initial={"idempotency_key": key}))
    shown = {
        "page": page,
        "progress": queries.progress(TotalScope.PAGE, page.pk, page.goal),
        "calendar": calendar,
        "streak": queries.dress_log_streak(page, days={d.day for d in calendar if d.entry}),
        "tally": queries.dress_log_tally(calendar),
        "is_owner": request.user.is_authenticated and page.owner_id == request.user.pk,
        **route_context(page=page, team=None, donor_country=None),
        "tiers": tiers,
        "share_url": request.build_absolute_uri(page.get_absolute_url()),
    }
    # Called by the template only when its cached copy of the wall is stale (a gift, or a message
    # hidden or shown again: see page_detail.html).
    context = {**shown, "wall": partial(queries.donor_wall, page), "form": form}
    return render_for_readers(
        request,
        "campaigns/page_detail.html",
        context,
        shows=shown,
        fresh={key: fresh_key},
        # Nothing on it is the reader's but the header and whether they own it, which ``shown`` holds.
        signed_in_too=True,
    )


@follows_moved_pages
def page_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """A QR code of the page's address, for a printed card or the advocate's own flyers."""
    return _qr(request, queries.page_in_campaign(slug))


def team_qr(request: HttpRequest, slug: str) -> HttpResponse:
    return _qr(request, queries.team_in_campaign(slug))


def _qr(request: HttpRequest, owner: AdvocatePage | Team) -> HttpResponse:
    url = request.build_absolute_uri(owner.get_absolute_url())
    response = HttpResponse(qr_svg(url, title=url), content_type="image/svg+xml")
    # The address of a page never changes, so neither does its code.
    response["Cache-Control"] = "public, max-age=86400"
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="{owner.slug}-qr.svg"'
    return response


@follows_moved_pages
def page_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The picture a shared link to the page shows: photo, title, amount raised and progress bar."""
    page = queries.page_in_campaign(slug)
    with _share_language(request):
        card = share_images.page_card(page, queries.progress(TotalScope.PAGE, page.pk, page.goal))
    return _share_image(share_images.share_image(card, share_images.portrait(page)))


def team_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    team = queries.team_in_campaign(slug, "captain")
    with _share_language(request):
        card = share_images.team_card(team, queries.progress(TotalScope.TEAM, team.pk, team.goal))
    return _share_image(share_images.share_image(card))


def _share_language(request: HttpRequest) -> translation.override:
    """The language named in the address (the page's own, when it was shared), else the site's
    default: sites that fetch previews send no cookie, and one address must give one picture."""
    language = request.GET.get("lang", "")
    return translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


def _share_image(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/jpeg")
    # Sites that show link previews fetch the picture once and keep it; ten minutes is fresh
    # enough for anyone opening the address itself.
    response["Cache-Control"] = "public, max-age=600"
    return response


@follows_moved_pages
def page_card(request: HttpRequest, slug: str) -> HttpResponse:
    """A card to print and wear or pin up: "Ask me why I'm wearing a dress", with the QR code."""
    page = queries.page_in_campaign(slug)
    return _card(request, page, page.display_name, "campaigns:page_qr", page=page)


def team_card(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's card: for a desk, a notice board or the office kitchen."""
    team = queries.team_in_campaign(slug)
    return _card(request, team, team.name, "campaigns:team_qr", team=team)


def _card(
    request: HttpRequest, owner: AdvocatePage | Team, name: str, qr_view: str, **which: AdvocatePage | Team
) -> HttpResponse:
    context = {
        "owner": owner,
        "name": name,
        "qr_url": reverse(qr_view, args=[owner.slug]),
        "url": request.build_absolute_uri(owner.get_absolute_url()),
        **which,
    }
    return render(request, "campaigns/card.html", context)


# The widget holds nothing but links, so it may be framed anywhere (no clickjacking to fear);
# giving opens the page itself in a new tab, where the site's usual protections apply.
WIDGET_POLICY = (
    "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors *"
)


@xframe_options_exempt
@follows_moved_pages
def page_widget(request: HttpRequest, slug: str) -> HttpResponse:
    """A small progress box an advocate embeds in a blog or a team site, with a link to give."""
    page = queries.page_in_campaign(slug)
    context = {
        "page": page,
        "progress": queries.progress(TotalScope.PAGE, page.pk, page.goal),
        "url": request.build_absolute_uri(page.get_absolute_url()),
    }
    response = render(request, "campaigns/widget.html", context)
    response["Content-Security-Policy"] = WIDGET_POLICY
    response["Cache-Control"] = "public, max-age=60"  # a minute behind is fine on someone's blog
    return response


def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = queries.team_in_campaign(slug, "captain")
    campaign = team.campaign
    own_page = access_own_page(request) if request.user.is_authenticated else None
    tiers = queries.impact_tiers_for(campaign, team.currency)
    key = fresh_key()
    form = SimpleLazyObject(lambda: DonationForm(currency=team.currency, initial={"idempotency_key": key}))
    shown = {
        "team": team,
        "progress": queries.progress(TotalScope.TEAM, team.pk, team.goal),
        "members": queries.team_members(team),
        "photos": queries.latest_dress_log(campaign, team=team),
        # From the first day begun anywhere, members' photo counts sit beside what they raised.
        "log_open": campaign.has_started() or campaign.last_open_day() is not None,
        # All the page shows of its reader besides the header, so readers alike share one copy.
        "reader_has_page": own_page is not None,
        "reader_is_member": own_page is not None and own_page.team_id == team.pk,
        "reader_is_captain": request.user.is_authenticated and request.user.pk == team.captain_id,
        "reader_captains_own_team": bool(own_page and own_page.team and own_page.team.captain_id == request.user.pk),
        **route_context(page=None, team=team, donor_country=None),
        "tiers": tiers,
        "share_url": request.build_absolute_uri(team.get_absolute_url()),
        "join_url": team_invitation(team),
    }
    # Read only when the page is rendered: the wall changes with the totals and the team's row
    # (a hidden message), which the page's key holds.
    wall = SimpleLazyObject(lambda: queries.team_wall(team))
    context = {**shown, "form": form, "wall": wall}
    return render_for_readers(
        request, "campaigns/team_detail.html", context, shows=shown, fresh={key: fresh_key}, signed_in_too=True
    )


@follows_moved_pages
def page_gifts(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.page_in_campaign(slug)
    return _gifts(request, page, queries.donor_wall, TotalScope.PAGE, _("Progress toward this page's goal"))


def team_gifts(request: HttpRequest, slug: str) -> HttpResponse:
    team = queries.team_in_campaign(slug)
    return _gifts(request, team, queries.team_wall, TotalScope.TEAM, _("Progress toward the team goal"))


def _gifts(
    request: HttpRequest, owner: AdvocatePage | Team, wall: Callable[..., queries.Wall], scope: str, label: str
) -> HttpResponse:
    """Every gift to a page or team, newest first, a page of them at a time."""
    before = request.GET.get("before", "")
    context = {
        "name": owner.display_name if isinstance(owner, AdvocatePage) else owner.name,
        "owner_url": owner.get_absolute_url(),
        "progress": queries.progress(scope, owner.pk, owner.goal),
        "label": label,
        "wall": wall(owner, before=before, limit=queries.GIFTS_PAGE_SIZE),
        "before": before,
        "on_team": isinstance(owner, Team),
    }
    return render(request, "campaigns/gifts.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    page = access_own_page(request)
    if page is None:
        return redirect("campaigns:page_setup")
    last_open = page.campaign.last_open_day()
    calendar = queries.dress_log_calendar(page)
    captained = page.team if page.team is not None and page.team.captain_id == page.owner_id else None
    progress = queries.progress(TotalScope.PAGE, page.pk, page.goal)
    posted = [day for day in calendar if day.entry]
    offered, offered_is_today = queries.day_to_post(page.campaign, {day.day for day in posted})
    unthanked = queries.unthanked_count(page)
    context = {
        "page": page,
        "progress": progress,
        "steps": queries.getting_started(page, progress=progress, posted_days=len(posted), unthanked=unthanked),
        "calendar": calendar,
        "posted": posted,
        "streak": queries.dress_log_streak(page, days={day.day for day in posted}),
        "tally": queries.dress_log_tally(calendar),
        # The day offered is today's, then a missed one; any day already begun somewhere is allowed.
        "dress_form": DressLogForm(initial={"day": offered}),
        "offered_day": offered,
        "offered_is_today": offered_is_today,
        "campaign_day": last_open,
        "share_url": request.build_absolute_uri(page.get_absolute_url()),
        # What an advocate pastes into their own site; shown as text, so escaped once more there.
        "embed_code": format_html(
            '<iframe src="{}" title="{}" width="360" height="250" style="border:0"></iframe>',
            request.build_absolute_uri(reverse("campaigns:page_widget", args=[page.slug])),
            page.title,
        ),
        # The newest gifts, so the advocate can thank the people behind them.
        "latest": queries.donor_wall(page, limit=DASHBOARD_GIFTS),
        "unthanked": unthanked,
        "rank": queries.rank_of(page),
        "country_rank": queries.rank_of(page, in_its_country=True),
        "is_captain": captained is not None,
        "team_unthanked": queries.unthanked_count(captained) if captained else 0,
        "team_day": queries.team_day(page.team) if page.team is not None else None,
    }
    return render(request, "campaigns/dashboard.html", context)


def captained_team(request: HttpRequest) -> Team | None:
    """The team the signed-in user captains in the current campaign, if any."""
    return Team.objects.filter(campaign=queries.current_campaign(), captain_id=request.user.pk).first()


@login_required
def thanks_list(request: HttpRequest, board: str) -> HttpResponse:
    """Every gift to the advocate's page (or, for a captain, to the team's page), newest first,
    to thank each donor in their own words."""
    page = access_own_page(request)
    if page is None:
        return redirect("campaigns:page_setup")
    team = captained_team(request)
    owner: AdvocatePage | Team | None = page if board == "page" else team
    if owner is None:
        raise Http404(_("You do not captain a team."))
    before = request.GET.get("before", "")
    context = {
        "board": board,
        "team": team,
        "wall": queries.thanks_wall(owner, before=before),
        "before": before,
        "unthanked": queries.unthanked_count(owner),
    }
    return render(request, "campaigns/thanks.html", context)


def _own_gift(request: HttpRequest, gift: uuid.UUID) -> Donation:
    """A gift the user answers for (on their page, or on the page of the team they captain);
    anyone else's gift is not found at all."""
    for owner in (access_own_page(request), captained_team(request)):
        if owner is not None:
            gifts = queries.gifts_to_thank(owner).filter(status=DonationStatus.SUCCEEDED, public_id=gift)
            donation = gifts.select_related("thanks", "page", "team").first()
            if donation is not None:
                return donation
    raise Http404(_("No gift of yours to thank at this address."))


@login_required
def thanks_note(request: HttpRequest, gift: uuid.UUID) -> HttpResponse:
    donation = _own_gift(request, gift)
    board = "page" if donation.page_id else "team"
    if request.method == "POST" and hasattr(donation, "thanks"):
        messages.info(request, _("You already thanked this donor."))
        return redirect("campaigns:thanks_note", gift=gift)
    form = ThanksNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            donation_actions.send_thanks_note(
                donation=donation,
                sender=request.user,  # type: ignore[arg-type]
                note=form.cleaned_data["note"],
            )
        except donation_actions.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your note is on its way to %(name)s.") % {"name": donation.wall_name})
            return redirect("campaigns:thanks" if board == "page" else "campaigns:thanks_team")
    return render(request, "campaigns/thanks_note.html", {"board": board, "gift": donation, "form": form})


@follows_moved_pages
def page_day(request: HttpRequest, slug: str, day: int) -> HttpResponse:
    """One day of a page's dress log, on a page of its own: what an advocate shares each day, with
    the photo as the link's picture, and a way to give."""
    page = queries.page_in_campaign(slug)
    posted = [d for d in queries.dress_log_calendar(page) if d.entry]
    index = next((i for i, d in enumerate(posted) if d.day == day), None)
    if index is None:
        raise Http404("No photo for that day.")
    entry = posted[index].entry
    assert entry is not None  # only posted days are in the list
    context = {
        "page": page,
        "shown": posted[index],
        "cheered": queries.has_cheered(entry, reader_key(request)),
        "earlier": posted[index - 1] if index > 0 else None,
        "later": posted[index + 1] if index + 1 < len(posted) else None,
        "progress": queries.progress(TotalScope.PAGE, page.pk, page.goal),
        "share_url": request.build_absolute_uri(reverse("campaigns:page_day", args=[page.slug, day])),
    }
    # Whether this reader has cheered is part of what the page shows: each answer is kept apart.
    return render_for_readers(request, "campaigns/page_day.html", context, shows=context, signed_in_too=True)


def reader_key(request: HttpRequest) -> str:
    """Who a reader is, for one-each counts: their account, or an address we cannot read back."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{hash_ip(client_ip(request))}"


@post_only(_dress_log_day)
@follows_moved_pages
def page_day_cheer(request: HttpRequest, slug: str, day: int) -> HttpResponse:
    page = queries.page_in_campaign(slug)
    entry = get_object_or_404(DressLogEntry, page=page, day=day)
    try:
        actions.cheer(entry=entry, cheerer_key=reader_key(request))
    except actions.CampaignError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(error), status=429)
        messages.error(request, str(error))
    else:
        # The advocate may have taken the photo back meanwhile: then there is nothing left to show.
        entry = get_object_or_404(DressLogEntry, pk=entry.pk)
        if request.headers.get("HX-Request"):
            context = {"page": page, "entry": entry, "cheered": True}
            return render(request, "campaigns/_cheer.html", context)
    return redirect("campaigns:page_day", slug=page.slug, day=day)


@follows_moved_pages
def page_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone, signed in or not, tells staff a page breaks the rules."""
    page = queries.page_in_campaign(slug)
    form = PageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        who = reader_key(request)  # one report per page from each reader
        data = form.cleaned_data
        try:
            new = actions.report_page(
                page=page, reporter_key=who, reason=data["reason"], details=data["details"], email=data["email"]
            )
        except actions.CampaignError as error:
            form.add_error(None, str(error))
        else:
            if new:
                messages.success(request, _("Thank you: our team will look at this page."))
            else:
                messages.info(request, _("You had already reported this page: our team will look at it."))
            return redirect(page.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "campaigns/page_report.html", {"page": page, "form": form}, status=status)


@login_required
@post_only(_thanks)
def gift_message(request: HttpRequest, gift: uuid.UUID) -> HttpResponse:
    """The advocate hides a donor's message from their page's wall (or shows it again)."""
    donation = _own_gift(request, gift)
    hidden = request.POST.get("hidden") == "1"
    try:
        donation_actions.set_message_hidden(donation=donation, by=request.user, hidden=hidden)  # type: ignore[arg-type]
    except donation_actions.DonationError as error:
        messages.error(request, str(error))
    else:
        said = _("The message is hidden from the wall.") if hidden else _("The message shows on the wall again.")
        messages.success(request, said)
    return redirect("campaigns:thanks" if donation.page_id else "campaigns:thanks_team")


@login_required
def page_setup(request: HttpRequest) -> HttpResponse:
    campaign = queries.current_campaign()
    if access_own_page(request) is not None:
        return redirect("campaigns:dashboard")
    closed = actions.closed_to_newcomers(campaign)
    if closed is not None:
        # Nothing to fill in: a form that cannot be sent would only waste the advocate's words.
        context = {"is_setup": True, "closed": closed}
        return render(request, "campaigns/page_form.html", context, status=400 if request.method == "POST" else 200)
    # Arriving from a team's "Join this team" (perhaps through sign-up): that team is chosen already.
    invited_to = queries.team_named(campaign, request.GET.get("team", ""))
    # The country the browser names (fr-CA, en-GB) rather than the United States for everyone: a
    # Canadian who keeps the default would raise US dollars for the wrong partner.
    country = country_from_languages(request.headers.get("Accept-Language", "")) or "US"
    initial = {"country": country, "goal": "500", "team": invited_to, "language": request.LANGUAGE_CODE}
    # A returning advocate starts from last year's page rather than from nothing.
    last_page = queries.last_page_of(request.user, campaign)  # type: ignore[arg-type]
    if last_page is not None:
        initial |= {
            "display_name": last_page.display_name,
            "title": last_page.title,
            "pitch": last_page.pitch,
            "goal": last_page.goal.as_input(language=request.LANGUAGE_CODE),
            "country": last_page.country,
            "commitment": last_page.commitment,
            "photo_alt": last_page.photo_alt,
            "language": last_page.language,
        }
    form = PageForm(
        request.POST or None, request.FILES or None, campaign=campaign, initial=initial, last_page=last_page
    )
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("goal_minor"):
        try:
            page = actions.open_page(
                campaign=campaign,
                owner=request.user,  # type: ignore[arg-type]
                team=form.cleaned_data.get("team"),
                photo_from=last_page if form.cleaned_data.get("reuse_photo") else None,
                **form.page_fields(),
            )
        except actions.CampaignError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your page is live. Share it with friends!"))
            return redirect(page.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "is_setup": True,
        "invited_to": invited_to,
        "last_page": last_page,
        "last_team": queries.last_team_of(request.user, campaign),  # type: ignore[arg-type]
        "again_url": f"{reverse('campaigns:team_create')}?again=1",
    }
    return render(request, "campaigns/page_form.html", context, status=status)


@login_required
@follows_moved_pages
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    page = access_own_page(request, slug)
    assert page is not None
    initial = {
        "display_name": page.display_name,
        "title": page.title,
        "pitch": page.pitch,
        "goal": page.goal.as_input(language=request.LANGUAGE_CODE),
        "country": page.country,
        "commitment": page.commitment,
        "photo_alt": page.photo_alt,
        "slug": page.slug,
        "language": page.language,
    }
    form = PageForm(
        request.POST or None,
        request.FILES or None,
        with_team=False,
        has_photo=bool(page.photo),
        address_prefix=request.build_absolute_uri(reverse("campaigns:page", args=["x"])).removesuffix("x/"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("goal_minor"):
        try:
            page = actions.update_page(
                page=page,
                **{**form.page_fields(), "photo_alt": form.cleaned_data["photo_alt"] or page.photo_alt},
                remove_photo=form.cleaned_data.get("remove_photo", False),
                slug=form.cleaned_data["slug"],
            )
        except actions.CampaignError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your page was saved."))
            return redirect(page.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "campaigns/page_form.html", {"form": form, "page": page, "is_setup": False}, status=status)


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    campaign = queries.current_campaign()
    closed = actions.closed_to_newcomers(campaign)
    if closed is not None:
        status = 400 if request.method == "POST" else 200
        return render(request, "campaigns/team_form.html", {"closed": closed}, status=status)
    initial = {"goal": "5000", "currency": "USD", "language": request.LANGUAGE_CODE}
    # "Start it again": last year's captain brings the team back under the same name.
    last_team = queries.last_team_of(request.user, campaign) if request.GET.get("again") else None  # type: ignore[arg-type]
    if last_team is not None:
        initial = {
            "name": last_team.name,
            "description": last_team.description,
            "goal": last_team.goal.as_input(language=request.LANGUAGE_CODE),
            "currency": last_team.currency,
            "language": last_team.language,
        }
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("goal_minor"):
        data = form.cleaned_data
        try:
            team = actions.create_team(
                campaign=campaign,
                captain=request.user,  # type: ignore[arg-type]
                name=data["name"],
                description=data["description"],
                goal_minor=data["goal_minor"],
                currency=data["currency"],
                language=written_in(data),
            )
        except actions.CampaignError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Your team is ready. Invite others to join!"))
            return redirect(team.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "campaigns/team_form.html", {"form": form}, status=status)


@login_required
def team_edit(request: HttpRequest, slug: str) -> HttpResponse:
    team = queries.team_in_campaign(slug)
    if team.captain_id != request.user.pk:
        raise PermissionDenied(_("Only the team's captain can change the team."))
    initial = {
        "name": team.name,
        "description": team.description,
        "goal": team.goal.as_input(language=request.LANGUAGE_CODE),
        "language": team.language,
    }
    form = TeamForm(request.POST or None, initial=initial, currency=team.currency)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("goal_minor"):
        data = form.cleaned_data
        try:
            actions.update_team(
                team=team,
                by=request.user,  # type: ignore[arg-type]
                name=data["name"],
                description=data["description"],
                goal_minor=data["goal_minor"],
                language=written_in(data),
            )
        except actions.CampaignError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Your team was saved."))
            return redirect(team.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    # Who may take over: members whose pages count in the team's currency (see hand_over_team).
    successors = (
        team.members.filter(currency=team.currency, owner__is_active=True)
        .exclude(owner_id=team.captain_id)
        .order_by("display_name")
    )
    context = {"form": form, "team": team, "successors": successors}
    return render(request, "campaigns/team_form.html", context, status=status)


@login_required
def team_message(request: HttpRequest, slug: str) -> HttpResponse:
    """The captain writes to the team; below the form, what was sent before."""
    team = queries.team_in_campaign(slug)
    if team.captain_id != request.user.pk:
        raise PermissionDenied(_("Only the team's captain can write to its members."))
    form = TeamMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_team_message(team=team, sender=request.user, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except actions.CampaignError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Your message is on its way to the team."))
            return redirect("campaigns:team_message", slug=team.slug)
    context = {
        "team": team,
        "form": form,
        "recipients": actions.team_message_recipients(team).exclude(pk=request.user.pk).count(),
        "sent": team.messages.all()[:10],
    }
    return render(request, "campaigns/team_message.html", context, status=400 if form.errors else 200)


@login_required
@post_only(_team_page)
def team_hand_over(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team.objects.filter(campaign=queries.current_campaign()), slug=slug)
    try:
        team = actions.hand_over_team(team=team, by=request.user, page_slug=request.POST.get("member", ""))  # type: ignore[arg-type]
    except actions.CampaignError as error:
        messages.error(request, str(error))
        is_captain = team.captain_id == request.user.pk
        return redirect(reverse("campaigns:team_edit", args=[team.slug]) if is_captain else team.get_absolute_url())
    messages.success(request, _("%(name)s is now the team's captain.") % {"name": team.captain.public_name})
    return redirect(team.get_absolute_url())


def team_invitation(team: Team) -> str:
    """Where "Join this team" leads someone without a page: the set-up, with the team chosen."""
    return f"{reverse('campaigns:page_setup')}?{urlencode({'team': team.slug})}"


@login_required
@post_only(_team_page)
def team_join(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team.objects.filter(campaign=queries.current_campaign()), slug=slug)
    page = access_own_page(request)
    if page is None:
        return redirect(team_invitation(team))
    previous = page.team
    try:
        actions.join_team(page=page, team=team)
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        if previous is not None and previous.pk != team.pk:
            messages.success(
                request, _("You left %(old)s and joined %(team)s.") % {"old": previous.name, "team": team.name}
            )
        else:
            messages.success(request, _("You joined %(team)s.") % {"team": team.name})
    return redirect(team.get_absolute_url())


@login_required
@post_only(_team_page)
def team_leave(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team.objects.filter(campaign=queries.current_campaign()), slug=slug)
    page = access_own_page(request)
    if page is None or page.team_id != team.pk:
        raise PermissionDenied(_("You are not a member of this team."))
    try:
        actions.leave_team(page=page)
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You left %(team)s.") % {"team": team.name})
    return redirect(team.get_absolute_url())


@login_required
@post_only(_team_page)
def team_remove_member(request: HttpRequest, slug: str, page_slug: str) -> HttpResponse:
    team = queries.team_in_campaign(slug)
    if team.captain_id != request.user.pk:
        raise PermissionDenied(_("Only the team's captain can change the team."))
    try:
        page = actions.remove_from_team(team=team, by=request.user, page_slug=page_slug)  # type: ignore[arg-type]
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is no longer on the team.") % {"name": page.display_name})
    return redirect(team.get_absolute_url())


@login_required
@post_only(_dashboard)
def dress_log_post(request: HttpRequest) -> HttpResponse:
    page = access_own_page(request)
    if page is None:
        return redirect("campaigns:page_setup")
    form = DressLogForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.post_dress_log(
                page=page, day=data["day"], photo=data["photo"], photo_alt=data["photo_alt"], caption=data["caption"]
            )
        except actions.CampaignError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Day %(day)d is in your dress log.") % {"day": data["day"]})
            return redirect("campaigns:dashboard")
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("campaigns:dashboard")


@login_required
@post_only(_dashboard)
def dress_log_remove(request: HttpRequest, day: int) -> HttpResponse:
    page = access_own_page(request)
    if page is None:
        return redirect("campaigns:page_setup")
    try:
        actions.remove_dress_log_entry(page=page, day=day)
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The photo of day %(day)d was removed.") % {"day": day})
    return redirect("campaigns:dashboard")


@login_required
@post_only(_dashboard)
def page_visibility(request: HttpRequest) -> HttpResponse:
    page = access_own_page(request)
    if page is None:
        return redirect("campaigns:page_setup")
    published = request.POST.get("published") == "1"
    try:
        actions.set_page_published(page=page, published=published)
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your page is visible again.") if published else _("Your page is hidden."))
    return redirect("campaigns:dashboard")


# What the dashboard says after each of an advocate's email settings is turned on, or off.
EMAIL_SETTING_SAID = {
    actions.EmailKind.GIFT_EMAILS: (
        gettext_lazy("You will get an email for each new gift."),
        gettext_lazy("You will no longer get an email for each new gift."),
    ),
    actions.EmailKind.REMINDERS: (
        gettext_lazy("You will get a reminder on evenings with no photo yet."),
        gettext_lazy("You will no longer get dress-log reminders."),
    ),
    actions.EmailKind.TEAM_MESSAGES: (
        gettext_lazy("You will get your captain's messages by email."),
        gettext_lazy("You will no longer get your captain's messages."),
    ),
    actions.EmailKind.TEAM_NEWS: (
        gettext_lazy("You will get an email when someone joins your team."),
        gettext_lazy("You will no longer get an email when someone joins your team."),
    ),
    actions.EmailKind.CAMPAIGN_NEWS: (
        gettext_lazy("You will get the campaign team's news by email."),
        gettext_lazy("You will no longer get the campaign team's news."),
    ),
}


@login_required
@post_only(_dashboard)
def email_setting(request: HttpRequest, kind: actions.EmailKind) -> HttpResponse:
    """Turn one kind of the advocate's emails on or off (a button on the dashboard), and say which."""
    turned_on = request.POST.get("on") == "1"
    actions.STOP_EMAILS[kind](user=request.user, on=turned_on)
    on, off = EMAIL_SETTING_SAID[kind]
    messages.success(request, str(on if turned_on else off))
    return redirect("campaigns:dashboard")


# What the page a stop link opens asks, and then says, for each kind of email.
STOP_EMAILS_SAID = {
    actions.EmailKind.GIFT_EMAILS: (
        gettext_lazy("Stop sending %(email)s an email for each new gift?"),
        gettext_lazy("Done: %(email)s will no longer get an email for each new gift."),
    ),
    actions.EmailKind.REMINDERS: (
        gettext_lazy("Stop sending %(email)s an evening reminder to post the day's dress-log photo?"),
        gettext_lazy("Done: %(email)s will no longer get dress-log reminders."),
    ),
    actions.EmailKind.TEAM_MESSAGES: (
        gettext_lazy("Stop sending %(email)s the team captain's messages?"),
        gettext_lazy("Done: %(email)s will no longer get the team captain's messages."),
    ),
    actions.EmailKind.TEAM_NEWS: (
        gettext_lazy("Stop sending %(email)s an email when someone joins the team?"),
        gettext_lazy("Done: %(email)s will no longer get an email when someone joins the team."),
    ),
    actions.EmailKind.CAMPAIGN_NEWS: (
        gettext_lazy("Stop sending %(email)s the campaign team's news?"),
        gettext_lazy("Done: %(email)s will no longer get the campaign team's news."),
    ),
}


# Mail clients send RFC 8058 one-click stops as a bare POST with no CSRF token; the signed token
# in the address is the proof of who is asking. A GET only asks, so a link scanner that opens
# every address in an email turns nothing off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def stop_emails(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, kind = (actions.stop_emails if request.method == "POST" else actions.read_stop_token)(token=token)
    except actions.BadStopLink as error:
        return render(request, "campaigns/stop_emails.html", {"error": str(error)}, status=400)
    question, done = STOP_EMAILS_SAID[kind]
    done_now = request.method == "POST"
    # As {% blocktranslate %} does: our own words as written, the address escaped.
    said = mark_safe(str(done if done_now else question) % {"email": escape(user.email)})  # noqa: S308
    context = {"done": done_now, "said": said}
    return render(request, "campaigns/stop_emails.html", context)
