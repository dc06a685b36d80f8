"""The numbers beside key-result charts: the same numbers the chart draws, readable as a table.

Each table is checked against a plain-pandas (or by-hand) recomputation from the data the
chart was built from, not against the builder's own table.
"""

import re
import warnings

import altair as alt
import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.analysis.dropout import dropout_by_group
from alliance_lab.analysis.screening import AlertMetrics
from alliance_lab.plots.dropout import pattern_dropout_chart, pattern_dropout_data
from alliance_lab.plots.feedback import monitoring_chart
from alliance_lab.plots.numbers import NUMBERS_KEY, chart_numbers, numbers_html, with_numbers
from alliance_lab.widgets.course import dropout_explorer


@pytest.fixture(scope="module")
def clinic():
    return al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=11))


def _rows(chart):
    table = chart_numbers(chart)
    assert table is not None, "this key-result chart carries no numbers"
    return table["rows"]


def test_dropout_by_pattern_equals_a_groupby(clinic):
    clients = clinic.clients
    chart = pattern_dropout_chart(
        pattern_dropout_data(
            al.retention_curves(clients, by="pattern"), dropout_by_group(clients, by="pattern")
        )
    )
    by_hand = clients.groupby("pattern", observed=True)["dropped_out"].agg(["size", "mean"])
    expected = [
        [str(p), f"{int(by_hand.loc[p, 'size'])}", f"{by_hand.loc[p, 'mean']:.0%}"]
        for p in al.PATTERNS
        if p in by_hand.index
    ]
    assert _rows(chart) == expected


def test_outcome_scatter_gives_the_correlation_it_draws(clinic):
    clients = clinic.clients
    chart = al.outcome_scatter(clients)
    r = np.corrcoef(clients["early_alliance"], clients["outcome"])[0, 1]
    ((what, n, shown_r, low, high),) = _rows(chart)
    assert (n, shown_r) == (str(len(clients)), f"{r:.2f}")
    assert float(low) < r < float(high)


def test_alert_metrics_by_hand():
    metrics = AlertMetrics(tp=30, fp=20, fn=10, tn=150, alerts_per_therapist_week=2.0)
    rows = _rows(al.alert_metrics_chart(metrics))
    # sensitivity 30/40, specificity 150/170, PPV 30/50, NPV 150/160
    assert [(row[0], row[2]) for row in rows] == [
        ("Sensitivity", "75%"),
        ("Specificity", "88%"),
        ("PPV", "60%"),
        ("NPV", "94%"),
    ]
    # inside the explorer's two-panel chart the numbers move to the whole (a sub-chart
    # may not carry them), and the spec stays valid Vega-Lite
    both = monitoring_chart(metrics, rule="alert below 36")
    spec = both.to_dict()  # validates
    assert chart_numbers(spec)["rows"] == rows
    assert all("usermeta" not in part for part in spec["hconcat"])


def test_split_bands_equal_a_pd_cut():
    result = al.simulate_couples(n_couples=400, seed=3)
    bands = al.split_dropout(result.couples)
    rows = _rows(al.split_chart(result.couples, bands))
    couples = result.couples
    edges = [*bands["low"], np.inf]
    for row, low, high in zip(rows, edges[:-1], edges[1:], strict=True):
        inside = couples[(couples["split"] >= low) & (couples["split"] < high)]
        assert row[1:] == [str(len(inside)), f"{inside['dropped_out'].mean():.0%}"]


def test_rupture_groups_table_lists_every_group(clinic):
    detection = al.detect_ruptures(clinic.sessions)
    groups = al.rupture_groups(detection, clinic.clients)
    rows = _rows(al.rupture_groups_chart(groups))
    assert sorted(row[0] for row in rows) == sorted(groups["group"])
    for row in rows:
        g = groups.set_index("group").loc[row[0]]
        assert row[1:] == [f"{g['n']:g}", f"{g['mean_outcome']:.2f}", f"{g['dropout_rate']:.0%}"]


def test_a_swapped_explorer_table_follows_its_new_data():
    explorer = dropout_explorer()
    first = explorer.numbers_view.value
    explorer.controls["alliance_dropout_link"].value = 1.5
    clients = explorer.result.clients
    by_hand = clients.groupby("pattern", observed=True)["dropped_out"].mean()
    shown = {row[0]: row[2] for row in _rows(explorer.chart)}
    assert shown == {str(p): f"{v:.0%}" for p, v in by_hand.items()}
    assert explorer.numbers_view.value == numbers_html(explorer.chart) != first


def test_the_table_is_named_and_its_cells_escaped():
    data = pd.DataFrame({"group": ["<b>a</b>"], "rate": [np.nan]})
    chart = with_numbers(
        alt.Chart(data).mark_bar(), data,
        columns={"group": ("Group", None), "rate": ("Rate", ".0%")}, caption="Rates & counts",
    )  # fmt: skip
    text = numbers_html(chart)
    assert re.search(r"<summary[^>]*>Numbers in this chart</summary>", text)
    assert re.search(r"<caption[^>]*>Rates &amp; counts</caption>", text)
    assert "&lt;b&gt;a&lt;/b&gt;" in text and "<b>" not in text
    assert ">–</td>" in text  # no number: a dash, not "nan"
    assert numbers_html(alt.Chart(data).mark_bar()) == ""


def test_a_wrong_column_is_named():
    data = pd.DataFrame({"group": ["a"]})
    with pytest.raises(ValueError, match=r"columns \['rate'\].*it has \['group'\]"):
        with_numbers(alt.Chart(data).mark_bar(), data, columns={"rate": ("Rate", ".0%")},
                     caption="x")  # fmt: skip


def test_renderers_put_the_numbers_under_the_chart():
    chart = al.hazard_chart(al.dropout_hazard(al.simulate(al.Scenario(n_clients=200)).clients))
    plain = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    try:
        al.setup_notebook(static=True)
        bundle = chart._repr_mimebundle_()
        html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
        assert html.endswith(numbers_html(chart)) and "Numbers in this chart" in html
        bundle = plain._repr_mimebundle_()
        assert "Numbers" not in (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
        al.setup_notebook(static=True)  # twice: the numbers are not added twice
        bundle = chart._repr_mimebundle_()
        assert (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"].count(
            "<details"
        ) == 1

        al.setup_notebook()
        assert alt.renderers.active == "jupyter"
        bundle = chart._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        import ipywidgets as widgets

        model = bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
        with warnings.catch_warnings():  # the registry of live widgets, by model id
            warnings.simplefilter("ignore", DeprecationWarning)
            box = widgets.Widget.widgets[model]
        view, table = box.children
        assert isinstance(view, alt.JupyterChart) and table.value == numbers_html(chart)
        assert view.spec["usermeta"][NUMBERS_KEY] == chart_numbers(chart)
    finally:
        al.setup_notebook()


def test_strain_table_gives_the_last_session_rates_a_plain_groupby_gives(clinic):
    sessions, clients = clinic.sessions, clinic.clients
    chart = al.strain_chart(al.strain_before_leaving(sessions, clients))
    rows = {(r[0], r[1], r[2]): (r[3], r[4]) for r in _rows(chart)}
    last = sessions.merge(clients[["client", "sessions_attended", "dropped_out"]], on="client")
    last = last[last["session"] == last["sessions_attended"]]
    for dropped, group in ((True, "dropped out"), (False, "finished")):
        these = last[last["dropped_out"] == dropped]
        for marker in ("missed", "confrontation"):
            shown = rows[(marker, group, "1")]
            assert shown == (f"{these[marker].mean():.0%}", str(len(these)))


def test_rating_distribution_table_counts_every_rating_once():
    ratings = pd.DataFrame({"session_rating": [40, 40, 39.5, 30, 36, 0, 1.9, np.nan]})
    rows = _rows(al.rating_distribution_chart(ratings))
    counts = {label: int(count) for label, count, _ in rows}
    assert sum(counts.values()) == 7  # the missing rating is left out
    assert counts["0 to under 2"] == 2  # 0 and 1.9
    assert counts["38 to 40"] == 3  # 40, 40 and 39.5: the last bin holds the top
    assert counts["36 to under 38"] == 1 and counts["30 to under 32"] == 1
    assert dict((label, share) for label, _, share in rows)["38 to 40"] == f"{3 / 7:.1%}"
