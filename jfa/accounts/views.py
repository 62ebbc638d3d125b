from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from jfa.campaigns.actions import teams_led_alone, teams_to_hand_over
from jfa.core.http import post_only

from . import actions
from .export import account_data
from .forms import CloseAccountForm
from .models import User


def _home(request: HttpRequest) -> str:
    return reverse("campaigns:home")


@post_only(_home)
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in person's choice for emails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).exclude(language=language).update(language=language)
    return response


@login_required
def close_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    # Asked before the form, so that a captain is not made to type a password for nothing.
    blocking = [] if user.is_staff else teams_to_hand_over(user)
    form = CloseAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not blocking and not user.is_staff and form.is_valid():
        try:
            actions.close_account(user=user)
        except actions.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account is closed. Thank you for all you did for the campaign."))
            return redirect("campaigns:home")
    context = {
        "form": form,
        "blocking": blocking,
        "pages": user.pages.exists(),
        "teams_led_alone": teams_led_alone(user),
    }
    return render(request, "accounts/close.html", context, status=400 if request.method == "POST" else 200)


@login_required
def download_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the signed-in person, as a JSON file to keep."""
    user = request.user
    assert isinstance(user, User)
    response = JsonResponse(account_data(user), json_dumps_params={"indent": 2, "ensure_ascii": False})
    filename = f"justice-for-all-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: no shared cache, and no copy left in the browser's.
    response["Cache-Control"] = "private, no-store"
    return response
