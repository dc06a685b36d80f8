"""QR codes of join links, drawn as inline SVG (no image files, no network)."""

import segno

__all__ = ["qr_svg"]


def qr_svg(url, *, title="QR code of the join link"):
    """An ``<svg>`` element that phones' cameras read as ``url``.

    >>> svg = qr_svg("http://127.0.0.1:8000/c/HKTRP")
    >>> svg.startswith("<svg") and "<title>QR code of the join link</title>" in svg
    True
    """
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=8, border=2, title=title, dark="#000", light="#fff")
