"""The numbers a key-result chart shows, as a small table a screen reader can read.

A chart reaches a screen reader as one image named by its description (see
:mod:`alliance_lab.theme`): its marks are hidden, so a reader who cannot see the chart
hears what it is about but not its numbers. Where a chart carries a key result, its
builder attaches those numbers with :func:`with_numbers`, from the same table the chart
draws, rounded as the notebooks' text rounds them. They travel inside the chart's
specification (``usermeta``), so every way of showing a chart can put them beside it:
the notebook renderers (:mod:`alliance_lab.notebook`), the explorers and the static site
show :func:`numbers_html`, a closed ``<details>`` ("Numbers in this chart") holding a
``<table>`` named by its caption.
"""

import html

import pandas as pd

__all__ = ["NUMBERS_KEY", "attach_numbers", "chart_numbers", "numbers_html", "with_numbers"]

#: Where the numbers live in a chart's ``usermeta``.
NUMBERS_KEY = "alliance_lab_numbers"

SUMMARY = "Numbers in this chart"


def _format(value, how):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"  # an en dash: no number
    if callable(how):
        return how(value)
    if how is None:
        return str(value)
    return format(value, how)


def with_numbers(chart, data, *, columns, caption):
    """``chart`` with a table of the numbers it shows, for readers who cannot see it.

    Parameters
    ----------
    chart : altair chart
        A top-level chart (single, layered, concatenated or faceted).
    data : pandas.DataFrame
        The rows the chart draws (or the rows of its key result), one table row each.
    columns : dict
        Column of ``data`` -> ``(heading, format)``: a format spec such as ``".0%"`` or
        ``".2f"``, a function of the value, or None for the value as text. The first
        column names each row.
    caption : str
        What the table shows; it is the table's accessible name.

    Returns
    -------
    altair chart
        A copy whose ``usermeta`` holds the formatted table (see :func:`chart_numbers`).

    Examples
    --------
    >>> import altair as alt
    >>> rates = pd.DataFrame({"group": ["a", "b"], "rate": [0.123, 0.5]})
    >>> chart = with_numbers(alt.Chart(rates).mark_bar().encode(x="rate:Q", y="group:N"),
    ...     rates, columns={"group": ("Group", None), "rate": ("Dropped out", ".0%")},
    ...     caption="Dropout by group")
    >>> chart_numbers(chart)["rows"]
    [['a', '12%'], ['b', '50%']]
    """
    missing = [name for name in columns if name not in data.columns]
    if missing:
        raise ValueError(
            f"The numbers table asks for columns {missing} that the data does not have; "
            f"it has {list(data.columns)}."
        )
    table = {
        "caption": caption,
        "columns": [heading for heading, _ in columns.values()],
        "rows": [
            [_format(row[name], how) for name, (_, how) in columns.items()]
            for row in data.to_dict("records")
        ],
    }
    return attach_numbers(chart, table)


def attach_numbers(chart, table):
    """A copy of ``chart`` carrying ``table`` (from :func:`chart_numbers`); None: unchanged.

    For a chart made of others: only a top-level chart may carry the numbers, so a
    builder that concatenates a chart with numbers moves them to the whole.
    """
    if table is None:
        return chart
    chart = chart.copy(deep=False)
    usermeta = chart.usermeta if isinstance(chart.usermeta, dict) else {}
    chart.usermeta = {**usermeta, NUMBERS_KEY: table}
    return chart


def chart_numbers(chart):
    """The numbers table of a chart or of its spec (a dict), or None if it has none.

    Returns
    -------
    dict or None
        ``{"caption": str, "columns": [headings], "rows": [[text, ...], ...]}``.
    """
    usermeta = chart.get("usermeta") if isinstance(chart, dict) else chart.usermeta
    return usermeta.get(NUMBERS_KEY) if isinstance(usermeta, dict) else None


def numbers_html(chart):
    """A closed ``<details>`` with the chart's numbers as a ``<table>``; ``""`` if none.

    Examples
    --------
    >>> table = {"caption": "Dropout by group", "columns": ["Group", "Dropped out"],
    ...          "rows": [["a", "12%"]]}
    >>> text = numbers_html({"usermeta": {NUMBERS_KEY: table}})
    >>> text.startswith('<details class="alliance-lab-numbers"'), "<caption" in text
    (True, True)
    >>> import re
    >>> bare = re.sub(' (style|data-lm-[a-z-]+)="[^"]*"', "", text)
    >>> print(bare)  # doctest: +NORMALIZE_WHITESPACE
    <details class="alliance-lab-numbers"><summary>Numbers in this chart</summary>
    <table><caption>Dropout by group</caption>
    <thead><tr><th scope="col">Group</th><th scope="col">Dropped out</th></tr></thead>
    <tbody><tr><th scope="row">a</th><td>12%</td></tr></tbody></table></details>
    """
    table = chart_numbers(chart)
    if not table:
        return ""
    esc = html.escape
    head = "".join(f'<th scope="col"{_CELL}>{esc(h)}</th>' for h in table["columns"])
    body = "".join(
        f'<tr><th scope="row"{_CELL}>{esc(row[0])}</th>'
        + "".join(f"<td{_NUMBER}>{esc(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in table["rows"]
    )
    return (
        f'<details class="alliance-lab-numbers"{_BOX}><summary{_SUMMARY}>{SUMMARY}</summary>\n'
        f"<table{_TABLE}><caption{_CAPTION}>{esc(table['caption'])}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table></details>"
    )


# Inline styles: the same look in JupyterLab, Voila and on the static site, none of which
# share a style sheet. Small grey words under the chart until opened; #444 on white is 9.7:1.
_BOX = ' style="margin:0.2em 0 0.6em 0;font-size:0.95em;color:#444444"'
# JupyterLab binds Enter and Space to notebook commands in command mode and catches them
# before a focused <summary> sees them; Lumino leaves keys alone on an element with this
# attribute (as on alliance_lab's controls), so the keyboard opens the table.
_SUMMARY = (
    ' data-lm-suppress-shortcuts="true" style="cursor:pointer;padding:2px 0;width:max-content"'
)
_TABLE = ' style="border-collapse:collapse;margin:0.3em 0 0 1.2em;color:#1a1a1a"'
_CAPTION = ' style="text-align:left;padding-bottom:0.2em;color:#444444"'
_CELL = ' style="text-align:left;padding:2px 12px 2px 0;font-weight:normal"'
_NUMBER = ' style="text-align:right;padding:2px 12px 2px 0;font-variant-numeric:tabular-nums"'
