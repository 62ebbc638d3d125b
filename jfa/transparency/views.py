from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jfa.ledger.queries import campaign_split

from .forms import GiftLookupForm
from .queries import gift_in_ledger, partners_shown, report_year
from .svg import money_flow_svg


def report(request: HttpRequest) -> HttpResponse:
    """Where does the money go? The real split of a campaign year, from the books."""
    year = report_year(request.GET.get("year"))
    split = campaign_split(year=year) if year is not None else None
    figures = [(part, money_flow_svg(part)) for part in split.currencies] if split else []
    return render(
        request,
        "transparency/report.html",
        {
            "year": year,
            "split": split,
            "figures": figures,
            "partners": partners_shown(),
            "lookup_form": GiftLookupForm(),
        },
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Is my gift in the ledger? The donor's reference in, the entry's place in the chain out."""
    form = GiftLookupForm(request.GET or None)
    proof = gift_in_ledger(form.cleaned_data["reference"]) if form.is_valid() else None
    return render(request, "transparency/lookup.html", {"form": form, "proof": proof, "searched": form.is_bound})
