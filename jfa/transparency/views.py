from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from jfa.core.http import post_only
from jfa.core.limits import client_ip, hash_ip
from jfa.ledger.queries import campaign_split

from . import actions
from .forms import GiftLookupForm, GiftReferencesForm
from .queries import GiftProof, chain_block, chain_blocks, chain_rows, gift_in_ledger, partners_shown, report_year
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
            "chain_blocks": chain_blocks(),
        },
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Is my gift in the ledger? The donor's reference in, the entry's place in the chain out."""
    form = GiftLookupForm(request.GET or None)
    proof = gift_in_ledger(form.cleaned_data["reference"]) if form.is_valid() else None
    return _lookup_page(request, form=form, proof=proof)


def _lookup_page(
    request: HttpRequest,
    *,
    form: GiftLookupForm | None = None,
    proof: GiftProof | None = None,
    references_form: GiftReferencesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form = form or GiftLookupForm()
    context = {
        "form": form,
        "proof": proof,
        "searched": form.is_bound,
        "references_form": references_form or GiftReferencesForm(),
    }
    return render(request, "transparency/lookup.html", context, status=status)


def _lookup(request: HttpRequest, **_: object) -> str:
    return reverse("transparency:lookup")


@post_only(_lookup)
def gift_references(request: HttpRequest) -> HttpResponse:
    """Lost the reference? It is emailed to the address the gift was made with, and only there."""
    form = GiftReferencesForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, references_form=form, status=400)
    asked = actions.ask_for_gift_references(
        email=form.cleaned_data["email"], language=request.LANGUAGE_CODE, reader=hash_ip(client_ip(request))
    )
    if not asked:
        messages.error(request, _("That address was asked for several times in the last hour. Please try again later."))
        return _lookup_page(request, references_form=form, status=429)
    # The same words whether or not anyone gave with the address: the page tells nobody who gave.
    messages.success(
        request, _("If gifts were made with that address, an email with their references is on its way to it.")
    )
    return redirect("transparency:lookup")


# Each hash appears twice (as itself, then as the next entry's previous hash): compressed, a file
# is about a third of its size. It holds no secret a compression attack could guess at.
@gzip_page
def chain_file(request: HttpRequest, number: int) -> HttpResponse:
    """One file of the hash chain, as CSV, for anyone to keep a copy of."""
    block = chain_block(number)
    if block is None:
        raise Http404("no entries there yet")
    lines = ["sequence,recorded_at,kind,prev_hash,hash"]
    lines += [",".join(map(str, row)) for row in chain_rows(block)]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ledger-chain-{block.first:07d}-{block.last:07d}.csv"'
    # A full file is history and never changes; the newest one grows with each entry.
    response["Cache-Control"] = "public, max-age=31536000, immutable" if block.full else "public, max-age=60"
    return response
