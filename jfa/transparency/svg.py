"""The money-flow picture: a small inline SVG drawn on the server, with real text labels.

Two bars per currency, drawn to scale: where gifts went (held for partners, refunded, disputed)
and who paid the processing fees (donors who covered them, the operating fund). Every figure is
also in the tables beside it, so the picture is never the only way to read them.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jfa.core.money import Money
from jfa.ledger.queries import CurrencySplit

WIDTH = 720
BAR_X = 240
BAR_WIDTH = 460
HEIGHT = 220
COLOURS = {"held": "#1b6e3a", "refunds": "#b35900", "disputes": "#8a1c1c", "donors": "#1f4e99", "operating": "#6b6b6b"}


def _money(money: Money) -> str:
    return money.format(language=get_language() or "en")


def _bar(y: int, label: str, parts: list[tuple[str, Money, str]]) -> SafeString:
    total = sum(money.minor for _name, money, _key in parts)
    segments = []
    x = BAR_X
    for name, money, key in parts:
        if not money.minor or not total:
            continue
        # Integer arithmetic: widths in whole pixels, in proportion to the amounts.
        width = BAR_WIDTH * money.minor // total
        segments.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="28" fill="{}"><title>{}: {}</title></rect>',
                x,
                y,
                max(width, 1),
                COLOURS[key],
                name,
                _money(money),
            )
        )
        x += width
    legend = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="13"><tspan fill="{}">■</tspan> {}: {}</text>',
        (
            # One legend line per part: long French labels never run into each other or off the edge.
            (BAR_X, y + 48 + index * 17, COLOURS[key], name, _money(money))
            for index, (name, money, key) in enumerate(parts)
        ),
    )
    return format_html(
        '<text x="0" y="{}" font-size="14" font-weight="bold">{}</text>{}{}',
        y + 19,
        label,
        format_html_join("", "{}", ((segment,) for segment in segments)),
        legend,
    )


def money_flow_svg(split: CurrencySplit) -> SafeString:
    gifts_bar = _bar(
        10,
        _("Gifts: %(amount)s") % {"amount": _money(split.gifts)},
        [
            (_("Held for partners"), split.held, "held"),
            (_("Refunded"), split.refunds, "refunds"),
            (_("Disputed"), split.disputes, "disputes"),
        ],
    )
    fees_bar = _bar(
        120,
        _("Fees: %(amount)s") % {"amount": _money(split.fees)},
        [
            (_("Paid by donors"), split.fees_paid_by_donors, "donors"),
            (_("Paid by the operating fund"), split.fees_paid_by_operating_fund, "operating"),
        ],
    )
    title_id = f"flow-title-{split.currency}"
    desc_id = f"flow-desc-{split.currency}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{} {}"'
        ' class="money-flow"><title id="{}">{}</title><desc id="{}">{}</desc>{}{}</svg>',
        WIDTH,
        HEIGHT,
        title_id,
        desc_id,
        title_id,
        _("Where %(currency)s gifts went, and who paid the fees") % {"currency": split.currency},
        desc_id,
        _(
            "%(held)s of %(gifts)s in gifts is held for partners; fees of %(fees)s were paid "
            "%(donors)s by donors and %(operating)s by the operating fund, none from gifts."
        )
        % {
            "held": _money(split.held),
            "gifts": _money(split.gifts),
            "fees": _money(split.fees),
            "donors": _money(split.fees_paid_by_donors),
            "operating": _money(split.fees_paid_by_operating_fund),
        },
        gifts_bar,
        fees_bar,
    )
