"""The course explorers: sliders change the scenario, the chart and the sentence, whose
numbers are recomputed here from the simulated data with plain pandas."""

import re

import pandas as pd
import pytest

import alliance_lab as al


def numbers(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


def test_dropout_explorer_sentence_matches_the_data():
    ex = al.dropout_explorer()
    before = (ex.chart.to_dict(), ex.sentence)
    ex.controls["alliance_dropout_link"].value = 1.2
    assert ex.scenario.alliance_dropout_link == 1.2
    assert (ex.chart.to_dict(), ex.sentence) != before
    clients = ex.result.clients
    left, n, percent = numbers(ex.sentence)[:3]
    assert (left, n) == (clients["dropped_out"].sum(), len(clients))
    assert percent == round(100 * clients["dropped_out"].mean())
    stay = clients.loc[~clients["dropped_out"], "early_alliance"]
    gone = clients.loc[clients["dropped_out"], "early_alliance"]
    pooled = (
        ((len(stay) - 1) * stay.var() + (len(gone) - 1) * gone.var()) / (len(clients) - 2)
    ) ** 0.5
    d_in_sentence = float(re.search(r"d = (-?\d\.\d\d)", ex.sentence).group(1))
    assert d_in_sentence == round((stay.mean() - gone.mean()) / pooled, 2)
    worst = clients.groupby("pattern", observed=True)["dropped_out"].mean().idxmax()
    assert f"the {worst} pattern" in ex.sentence


def test_dropout_chart_rates_equal_pandas():
    ex = al.dropout_explorer()
    (rows,) = ex.chart.to_dict()["datasets"].values()
    rates = pd.DataFrame(rows).query("view == 'rate'").set_index("group")["rate"]
    expected = ex.result.clients.groupby("pattern", observed=True)["dropped_out"].mean()
    expected.index = expected.index.astype(str)
    pd.testing.assert_series_equal(rates.sort_index(), expected.sort_index(), check_names=False)


def test_pattern_mix_sets_all_shares_and_shares_back():
    ex = al.dropout_explorer()
    ex.controls["pattern_mix"].value = "many unrepaired ruptures"
    assert ex.scenario.share_unresolved_rupture == 0.40
    other = al.dropout_explorer()
    assert other.load(ex.share().python)
    assert other.controls["pattern_mix"].value == "many unrepaired ruptures"
    assert other.sentence == ex.sentence


def test_loading_a_mix_the_dropdown_cannot_show_is_refused():
    ex = al.dropout_explorer()
    before = ex.scenario
    odd = '{"n_clients": 300, "n_therapists": 30, "share_stable_high": 0.3, "share_stable_low": 0}'
    assert ex.load(odd) is False
    assert ex.scenario == before
    shown = "".join(o.get("text", "") for o in ex.messages.outputs)
    assert "pattern_mix = None" in shown


def test_outcome_explorer_sentence_matches_pandas_correlation():
    ex = al.outcome_explorer()
    ex.controls["n_clients"].value = 120
    ex.controls["alliance_outcome_link"].value = 0.9
    clients = ex.result.clients
    assert len(clients) == 120
    (rows,) = ex.chart.to_dict()["datasets"].values()
    assert len(rows) == 120
    r = clients["early_alliance"].corr(clients["outcome"])
    assert numbers(ex.sentence)[0] == 120
    assert f"r = {r:.2f}" in ex.sentence


def test_bordin_explorer_names_the_weakest_part():
    ex = al.bordin_explorer(al.BordinProfile(goal=4, task=4, bond=4))
    assert "in balance" in ex.sentence
    ex.controls["bond"].value = 2.0
    assert ex.scenario == al.BordinProfile(goal=4, task=4, bond=2.0)
    assert "The bond is the weakest part, 2.0 points below" in ex.sentence
    assert ex.chart.to_dict()["hconcat"][0]["title"]["text"].endswith("bond is the weakest part")
    assert ex.share().python == 'al.BordinProfile.from_json(\'{"goal":4,"task":4,"bond":2.0}\')'


def test_bordin_sentence_names_a_limit_only_beyond_measurement_error():
    from alliance_lab.analysis.bordin import GAP_BEYOND_ERROR

    # 1.96 * sqrt(2) * 0.8 * sqrt(1 - .85), worked out by hand: 0.8588
    assert GAP_BEYOND_ERROR == pytest.approx(0.8588, abs=1e-4)
    small = al.BordinProfile(goal=4.0, task=3.5, bond=4.0).describe()
    assert "weakest" not in small and "measurement error" in small
    large = al.BordinProfile(goal=4.0, task=3.0, bond=4.0).describe()
    assert "Agreement on tasks is the weakest part, 1.0 points below" in large
    assert "correlate highly" in large


@pytest.mark.parametrize("text", ['{"goal": 9}', '{"goal": "high"}', "{"])
def test_bordin_explorer_refuses_bad_profiles(text):
    ex = al.bordin_explorer()
    before = ex.scenario
    assert ex.load(text) is False and ex.scenario == before


def test_bordin_side_chart_keeps_its_own_colours():
    # Shared colour scales in a concatenated chart left the side bars without a colour.
    spec = al.bordin_explorer().chart.to_dict()
    assert spec["resolve"]["scale"]["color"] == "independent"
