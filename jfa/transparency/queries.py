"""What the public transparency page reads: the campaign split and a donor's proof of entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Max

from jfa.campaigns.models import Campaign
from jfa.core.money import Money
from jfa.core.text import localized
from jfa.donations.models import Donation
from jfa.ledger.gifts import gift_key
from jfa.ledger.models import GENESIS_HASH, AccountRole, ChainHead, Fund, FundKind, JournalEntry
from jfa.partners.models import Partner
from jfa.stories.models import Post


def report_year(requested: str | None) -> int | None:
    """The campaign year to show: the one asked for if a campaign has it, else the latest."""
    years = set(Campaign.objects.values_list("year", flat=True))
    if requested and requested.isdigit() and int(requested) in years:
        return int(requested)
    return Campaign.objects.aggregate(latest=Max("year"))["latest"]


@dataclass(frozen=True, slots=True)
class PartnerShown:
    """A partner organization as the report names it: who they are and which fund serves them."""

    name: str
    country: str
    website: str
    summary: str
    summary_in_english: bool  # an English summary on a French page is marked as English
    fund_name: str
    shares_fund: bool  # one of the partners the shared pool's grants go to
    spotlight_url: str


def partners_shown() -> list[PartnerShown]:
    """Every active partner and the restricted fund that serves it: its own fund when it has one,
    else the shared pool (the restricted fund with no partner of its own), whose grants go to the
    partners after the campaign. With the newest published spotlight story about each, if any."""
    funds = list(Fund.objects.filter(kind=FundKind.RESTRICTED).order_by("pk"))
    own = {fund.partner_id: fund for fund in funds if fund.partner_id is not None}
    pool = next((fund for fund in funds if fund.partner_id is None), None)
    spotlights: dict[int, str] = {}
    for post in Post.objects.visible().filter(partner__isnull=False).order_by("-publish_at").only("slug", "partner"):
        spotlights.setdefault(post.partner_id, post.get_absolute_url())  # type: ignore[arg-type]
    shown = []
    for partner in Partner.objects.filter(is_active=True).order_by("name"):
        fund = own.get(partner.pk, pool)
        summary = localized(partner.summary, partner.summary_fr)
        shown.append(
            PartnerShown(
                name=partner.name,
                country=partner.country,
                website=partner.website,
                summary=summary,
                summary_in_english=summary != partner.summary_fr,
                fund_name=fund.localized_name if fund else "",
                shares_fund=fund is not None and fund is pool,
                spotlight_url=spotlights.get(partner.pk, ""),
            )
        )
    return shown


@dataclass(frozen=True, slots=True)
class EntryProof:
    kind: str
    sequence: int
    recorded_at: object
    prev_hash: str
    hash: str
    amount: Money


@dataclass(frozen=True, slots=True)
class GiftProof:
    """Where one gift sits in the hash chain. No names, emails or messages: only the books."""

    fund_name: str
    fund_name_fr: str
    gift: EntryProof
    reversals: list[EntryProof]
    chain_length: int

    @property
    def chain_block(self) -> int:
        return block_of(self.gift.sequence)

    @property
    def localized_fund_name(self) -> str:
        return localized(self.fund_name, self.fund_name_fr)


def _proof(entry: JournalEntry) -> EntryProof:
    restricted = [p for p in entry.postings.all() if p.account.role == AccountRole.RESTRICTED_GIFTS]
    minor = sum(p.credit_minor or p.debit_minor for p in restricted)
    return EntryProof(
        kind=entry.get_kind_display(),
        sequence=entry.sequence,
        recorded_at=entry.recorded_at,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
        amount=Money(minor, restricted[0].currency if restricted else "USD"),
    )


def gift_in_ledger(public_id: uuid.UUID) -> GiftProof | None:
    """The gift's entry and any refunds of it, found by the donor's reference, or None.

    The reference is the donor's own unguessable receipt id; the answer shows amounts and hashes
    only, so holding a reference reveals nothing about any person.
    """
    donation_id = Donation.objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    if donation_id is None:
        return None
    entry = (
        JournalEntry.objects.filter(idempotency_key=gift_key(donation_id))
        .prefetch_related("postings__account__fund")
        .first()
    )
    if entry is None:
        return None
    reversals = list(entry.reversals.prefetch_related("postings__account").order_by("sequence"))
    funds = [p.account.fund for p in entry.postings.all() if p.account.role == AccountRole.RESTRICTED_GIFTS]
    head = chain_length() or entry.sequence
    return GiftProof(
        fund_name=funds[0].name if funds and funds[0] else "",
        fund_name_fr=funds[0].name_fr if funds and funds[0] else "",
        gift=_proof(entry),
        reversals=[_proof(reversal) for reversal in reversals],
        chain_length=head,
    )


# Entries per downloadable file of the chain: about 1.8 MB, so a million entries make a hundred files.
CHAIN_BLOCK = 10_000


@dataclass(frozen=True, slots=True)
class ChainBlock:
    """One downloadable file of the chain: entries ``first`` to ``last``; the newest file grows
    until it holds ``CHAIN_BLOCK`` entries, and a full one never changes again."""

    number: int
    first: int
    last: int
    full: bool


def chain_head() -> tuple[int, str]:
    """The newest entry's number and hash: (0, the genesis hash) before the first entry."""
    head = ChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    return head if head is not None else (0, GENESIS_HASH)


def chain_length() -> int:
    return chain_head()[0]


def chain_block(number: int, *, length: int | None = None) -> ChainBlock | None:
    """The file ``number`` (from 1), or None when the chain has no entry in it yet."""
    length = chain_length() if length is None else length
    first = (number - 1) * CHAIN_BLOCK + 1
    if number < 1 or first > length:
        return None
    last = min(number * CHAIN_BLOCK, length)
    return ChainBlock(number=number, first=first, last=last, full=last - first + 1 == CHAIN_BLOCK)


def chain_blocks(length: int | None = None) -> list[ChainBlock]:
    length = chain_length() if length is None else length
    count = -(-length // CHAIN_BLOCK)
    return [block for n in range(1, count + 1) if (block := chain_block(n, length=length)) is not None]


def block_of(sequence: int) -> int:
    return (sequence - 1) // CHAIN_BLOCK + 1


def chain_rows(block: ChainBlock) -> list[tuple[int, str, str, str, str]]:
    """Each entry's number, time (UTC), kind, previous hash and hash: what lets anyone holding a
    copy see later whether an entry was changed or removed (every hash after it would differ).
    Nothing about a donor, a page or an amount."""
    rows = (
        JournalEntry.objects.filter(sequence__gte=block.first, sequence__lte=block.last)
        .order_by("sequence")
        .values_list("sequence", "recorded_at", "kind", "prev_hash", "hash")
    )
    return [
        (seq, recorded_at.isoformat(), kind, prev_hash, digest) for seq, recorded_at, kind, prev_hash, digest in rows
    ]
