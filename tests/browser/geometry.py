"""Rendered geometry of a page: overlapping controls, cut-off buttons, chart text size.

Everything is measured from the boxes Chromium has laid out (``getBoundingClientRect``),
never from the sizes a stylesheet or a chart specification asks for: a chart that
the page shrinks to fit a phone has smaller text than its specification says.
"""

#: Interactive controls, and the labels that name them.
CONTROLS = (
    "button, input:not([type=hidden]), select, textarea, [role=slider], .widget-readout, summary"
)
LABELS = "label, .widget-label, .widget-label-basic"
#: Smallest chart text, in CSS px, that a reader can take in (issue 14).
MIN_CHART_TEXT = 11

_VISIBLE = """
const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
};
const name = el => {
    const t = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
    const cls = [...el.classList].slice(0, 2).join('.');
    return `${el.tagName.toLowerCase()}.${cls} "${t.slice(0, 40)}"`;
};
"""


def overlaps(page, *, tolerance=2):
    """Pairs ``(a, b)`` of controls or labels whose boxes overlap by more than ``tolerance``
    px in both directions (a label inside its own control, or a control inside another,
    is not an overlap)."""
    return page.evaluate(
        _VISIBLE
        + """([controls, labels, tol]) => {
            const els = [...new Set([...document.querySelectorAll(controls),
                                     ...document.querySelectorAll(labels)])].filter(visible);
            const found = [];
            for (let i = 0; i < els.length; i++) {
                for (let j = i + 1; j < els.length; j++) {
                    const a = els[i], b = els[j];
                    if (a.contains(b) || b.contains(a)) continue;
                    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
                    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                    if (w > tol && h > tol) found.push([name(a), name(b)]);
                }
            }
            return found;
        }""",
        [CONTROLS, LABELS, tolerance],
    )


def cut_off(page):
    """Buttons and labels whose text does not fit their box (drawn as "Load scen…")."""
    return page.evaluate(
        _VISIBLE
        + """sel => [...document.querySelectorAll(sel)].filter(visible)
              .filter(el => el.scrollWidth > el.clientWidth + 1 && el.textContent.trim())
              .map(name)""",
        "button, .widget-label, .widget-label-basic, label",
    )


def widest_button(page):
    """(width in CSS px, name) of the widest visible button."""
    return page.evaluate(
        _VISIBLE
        + """() => [...document.querySelectorAll('button')].filter(visible)
              .map(b => [b.getBoundingClientRect().width, name(b)])
              .sort((x, y) => y[0] - x[0])[0] || [0, '']"""
    )


def chart_text(page):
    """Every text of every drawn chart as ``(rendered font size in CSS px, text)``.

    The size is the text's font size times the factor by which the page scales the
    chart, that factor taken from the rendered box against the box in the chart's own
    units (``getBBox``); for text turned by 90 degrees, its rendered width.
    """
    return page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed svg text')]
            .filter(t => t.textContent.trim() && t.getBBox().height > 0)
            .map(t => {
                const r = t.getBoundingClientRect(), b = t.getBBox();
                const turn = /rotate\\(\\s*-?(90|270)\\b/.test(t.getAttribute('transform') || '');
                const scale = (turn ? r.width : r.height) / b.height;
                const size = parseFloat(getComputedStyle(t).fontSize) * scale;
                return [Math.round(size * 10) / 10, t.textContent.trim().slice(0, 40)];
            })"""
    )


def smallest_chart_text(page):
    """(size, text) of the smallest chart text on the page, or (None, '') with no chart."""
    sizes = chart_text(page)
    return min(sizes) if sizes else (None, "")
