"""QR codes, drawn as SVG: a printed card or poster that leads a phone straight to a page."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, *, title: str) -> bytes:
    """``text`` as a QR code in SVG, sized by its view box so it prints sharp at any size.

    Medium error correction survives a crease or a smudge on a printed card; the four-module
    quiet zone is what scanners expect around the code.
    """
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        out, kind="svg", border=4, omitsize=True, xmldecl=False, title=title, dark="#000", light="#fff"
    )
    return out.getvalue()
