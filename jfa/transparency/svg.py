"""The money-flow picture: bars drawn to scale on the server, labelled in plain HTML.

Two bars per currency: where gifts went (held for partners, refunded, disputed) and who paid the
processing fees (donors who covered them, the operating fund). The bars are SVG stretched to the
width available; their labels and legends are HTML text, so they wrap on a phone, follow the
reader's text size and never shrink with the picture. Every figure is also in the tables beside
it, so the picture is never the only way to read them.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from jfa.core.money import Money
from jfa.ledger.queries import CurrencySplit

# Bar length in SVG units; the SVG is stretched to its box (preserveAspectRatio="none").
BAR_UNITS = 1000
# Part keys, also the CSS classes of the legend swatches (site.css) that match these fills.
COLOURS = {"held": "#1b6e3a", "refunds": "#b35900", "disputes": "#8a1c1c", "donors": "#1f4e99", "operating": "#6b6b6b"}


def _bar(bar_id: str, label: str, summary: str, parts: list[tuple[str, Money, str]]) -> SafeString:
    total = sum(money.minor for _name, money, _key in parts)
    segments = []
    x = 0
    for _name, money, key in parts:
        if not money.minor or not total:
            continue
        # Integer arithmetic: lengths in whole units, in proportion to the amounts.
        width = BAR_UNITS * money.minor // total
        segments.append((x, max(width, 1), COLOURS[key]))
        x += width
    rects = format_html_join("", '<rect x="{}" y="0" width="{}" height="10" fill="{}"/>', segments)
    legend = format_html_join(
        "",
        '<li><span class="swatch swatch-{}" aria-hidden="true"></span>{}</li>',
        # One translatable pattern: French puts a space before the colon.
        ((key, _("%(part)s: %(amount)s") % {"part": name, "amount": money.localized()}) for name, money, key in parts),
    )
    return format_html(
        '<p class="flow-label" id="{}">{}</p>'
        '<svg xmlns="http://www.w3.org/2000/svg" class="flow-bar" viewBox="0 0 {} 10" preserveAspectRatio="none"'
        ' role="img" aria-labelledby="{} {}-summary"><title id="{}-summary">{}</title>{}</svg>'
        '<ul class="flow-legend">{}</ul>',
        bar_id,
        label,
        BAR_UNITS,
        bar_id,
        bar_id,
        bar_id,
        summary,
        rects,
        legend,
    )


def money_flow_svg(split: CurrencySplit) -> SafeString:
    currency = split.currency
    gifts_bar = _bar(
        f"flow-gifts-{currency}",
        _("Gifts: %(amount)s") % {"amount": split.gifts.localized()},
        _("%(held)s of %(gifts)s in gifts is held for partners.")
        % {"held": split.held.localized(), "gifts": split.gifts.localized()},
        [
            (_("Held for partners"), split.held, "held"),
            (_("Refunded"), split.refunds, "refunds"),
            (_("Disputed"), split.disputes, "disputes"),
        ],
    )
    fees_bar = _bar(
        f"flow-fees-{currency}",
        _("Fees: %(amount)s") % {"amount": split.fees.localized()},
        _("Fees of %(fees)s were paid %(donors)s by donors and %(operating)s by the operating fund, none from gifts.")
        % {
            "fees": split.fees.localized(),
            "donors": split.fees_paid_by_donors.localized(),
            "operating": split.fees_paid_by_operating_fund.localized(),
        },
        [
            (_("Paid by donors"), split.fees_paid_by_donors, "donors"),
            (_("Paid by the operating fund"), split.fees_paid_by_operating_fund, "operating"),
        ],
    )
    return format_html('<div class="money-flow">{}{}</div>', gifts_bar, fees_bar)
