from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jfa.ledger.queries import campaign_split

from .forms import GiftLookupForm
from .queries import chain_block, chain_blocks, chain_rows, gift_in_ledger, partners_shown, report_year
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
    return render(request, "transparency/lookup.html", {"form": form, "proof": proof, "searched": form.is_bound})


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
