"""Public read-only JSON about the books: where the hash chain stands and where its files are."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from . import queries

router = Router(tags=["books"])


class ChainFileOut(Schema):
    number: int
    first_sequence: int
    last_sequence: int
    # A full file never changes again; the newest one grows until it holds file_size entries.
    full: bool
    url: str  # on this site, as the other addresses the API gives


class ChainOut(Schema):
    length: int
    head_hash: str
    file_size: int
    files: list[ChainFileOut]


@router.get("/ledger/chain", response=ChainOut, summary="The hash chain: its newest hash and its files")
def chain(request: HttpRequest) -> ChainOut:
    """Polled and archived, the newest hash lets anyone show later that no entry before it changed."""
    length, head_hash = queries.chain_head()
    files = [
        ChainFileOut(
            number=block.number,
            first_sequence=block.first,
            last_sequence=block.last,
            full=block.full,
            url=reverse("transparency:chain_file", args=[block.number]),
        )
        for block in queries.chain_blocks(length)
    ]
    return ChainOut(length=length, head_hash=head_hash, file_size=queries.CHAIN_BLOCK, files=files)
