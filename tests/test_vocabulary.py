"""One keyword vocabulary (docs/vocabulary.md): the words, the old names, the column options."""

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab._validation import InputError

# Words that the vocabulary retired as argument names, and what replaced them.
RETIRED = {"confidence": "level", "units": "data", "studies": "data", "curves": "data"}

# Functions whose first argument is the table they analyse or draw: it is called data.
TABLE_FIRST = """
    detect_ruptures rupture_chart live_demo strain_before_leaving dropout_rate dropout_hazard
    retention_curves alliance_tertiles dropout_effect_size therapist_vs_client pooled_correlation
    split_alliance split_dropout rater_agreement chair_gap icc_across_targets cronbach_alpha
    item_statistics reliable_change retention_chart hazard_chart strain_chart dropout_d_chart
    outcome_scatter funnel_chart shrinkage_chart therapist_client_chart score_profile_chart
    score_distribution_chart split_chart rupture_groups_chart story_diagrams chair_score_chart
    chair_gap_chart submissions_chart feedback_explorer score reverse_key apply_cutoffs
    describe_scores flag_alerts alert_metrics set_base_rate monitor mark_problems
    rating_distribution_chart early_alliance progress_explorer
""".split()


def _public_callables():
    for name in al.__all__:
        if name.startswith("_") or name.isupper():
            continue
        obj = getattr(al, name)
        if callable(obj):
            yield name, obj


def test_level_is_only_ever_a_confidence_level():
    seen = []
    for name, obj in _public_callables():
        try:
            parameters = inspect.signature(obj).parameters
        except (TypeError, ValueError):
            continue
        for word, retired_for in RETIRED.items():
            assert word not in parameters, f"{name} still has {word}= (now {retired_for}=)"
        if "level" in parameters:
            default = parameters["level"].default
            assert isinstance(default, float) and 0 < default < 1, (name, default)
            seen.append(name)
    assert "cronbach_alpha" in seen and "correlation_ci" in seen


@pytest.mark.parametrize("name", TABLE_FIRST)
def test_the_table_comes_first_and_is_called_data(name):
    first = next(iter(inspect.signature(getattr(al, name)).parameters))
    assert first == "data"


# --- the old names still work, warn once with the new name, and give the same answer -------


@pytest.fixture(scope="module")
def small():
    result = al.simulate(al.Scenario(n_clients=120, n_therapists=6, seed=3))
    return result


def _alias_cases(small):
    clients, sessions = small.clients, small.sessions
    wide = pd.DataFrame(np.arange(30).reshape(10, 3) % 7, columns=list("abc"))
    studies = al.simulate_studies(0.3, n_studies=8)
    couples = al.split_alliance(al.simulate_couples(n_couples=40).partners)
    answers = al.example_responses(n_pairs=2)
    flags = al.monitor(sessions).flags
    rated = pd.DataFrame({"scale": ["relationship", "goals", "approach", "overall", "total"],
                          "score": [9.0, 8.0, 9.5, 8.0, 34.5]})  # fmt: skip
    return [
        (al.detect_ruptures, (), "sessions", "data", sessions, lambda r: r.clients),
        (al.dropout_rate, (), "clients", "data", clients, None),
        (al.dropout_hazard, (), "clients", "data", clients, None),
        (al.retention_curves, (), "clients", "data", clients, None),
        (al.alliance_tertiles, (), "clients", "data", clients, None),
        (al.dropout_effect_size, (), "clients", "data", clients, None),
        (al.strain_before_leaving, (), "sessions", "data", sessions, None, {"clients": clients}),
        (al.therapist_vs_client, (), "clients", "data", clients, None),
        (al.pooled_correlation, (), "studies", "data", studies, None),
        (al.split_dropout, (), "units", "data", couples, None),
        (al.cronbach_alpha, (), "responses", "data", wide, None),
        (al.item_statistics, (), "responses", "data", wide, None),
        (al.cronbach_alpha, (wide,), "confidence", "level", 0.9, None),
        (al.example_responses, (), "level", "mean_alliance", 1.5, None),
        (al.simulate_raters, ("bordin-teaching",), "groups", "n_groups", 2, None, {"n_raters": 6}),
        (al.score, (), "responses", "data", answers, None, {"instrument": "bordin-teaching"}),
        (al.reverse_key, (), "responses", "data", answers, None, {"instrument": "bordin-teaching"}),
        (al.apply_cutoffs, (), "scores", "data", rated, None, {"instrument": "srs"}),
        (al.describe_scores, (), "scores", "data", rated, None, {"instrument": "srs"}),
        (al.load_instrument, (), "instrument_id", "instrument", "srs", None),
        (al.flag_alerts, (), "sessions", "data", sessions, None),
        (al.mark_problems, (), "sessions", "data", sessions, None),
        (al.monitor, (), "sessions", "data", sessions, lambda m: m.flags),
        (al.alert_metrics, (), "flags", "data", flags, None, {"truth": "problem"}),
        (al.set_base_rate, (), "flags", "data", flags, None, {"share": 0.3}),
        (al.early_alliance, (), "sessions", "data", sessions, None),
    ]


def _spec(chart):
    return chart.to_dict()


def _chart_cases(small):
    clients, sessions = small.clients, small.sessions
    one = al.detect_ruptures(sessions).sessions
    one = one[one["client"] == one["client"].iloc[0]]
    studies = al.simulate_studies(0.3, n_studies=8)
    scores = al.score(al.example_responses(n_pairs=4), "bordin-teaching")
    return [
        (al.retention_chart, (), "curves", al.retention_curves(clients), {}),
        (al.hazard_chart, (), "hazard", al.dropout_hazard(clients), {}),
        (al.strain_chart, (), "strain", al.strain_before_leaving(sessions, clients), {}),
        (al.dropout_d_chart, (), "effect", al.dropout_effect_size(clients), {}),
        (al.outcome_scatter, (), "clients", clients, {}),
        (al.funnel_chart, (), "studies", studies, {"pooled": al.pooled_correlation(studies)}),
        (al.therapist_client_chart, (), "table", al.therapist_vs_client(clients), {}),
        (al.score_distribution_chart, (), "scores", scores, {"instrument": "bordin-teaching"}),
        (al.rupture_chart, (), "sessions", one, {}),
        (al.rating_distribution_chart, (), "sessions", sessions, {}),
    ]


def test_every_chart_takes_its_old_table_keyword_with_a_warning(small):
    for func, args, old, value, extra in _chart_cases(small):
        with pytest.warns(FutureWarning, match=rf"{old}= is now called data=") as caught:
            before = func(*args, **{old: value}, **extra)
        assert len(caught) == 1 and caught[0].filename == __file__, func.__name__
        assert _spec(before) == _spec(func(*args, data=value, **extra)), func.__name__


def _equal(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    else:
        assert a == b


def test_every_old_keyword_warns_with_its_new_name_and_gives_the_same_answer(small):
    cases = _alias_cases(small)
    for case in cases:
        func, args, old, new, value, pick, *extra = case
        extra = extra[0] if extra else {}
        pick = pick or (lambda x: x)
        with pytest.warns(FutureWarning, match=rf"{old}= is now called {new}=") as caught:
            before = func(*args, **{old: value}, **extra)
        assert len(caught) == 1, func.__name__
        assert caught[0].filename == __file__  # points at the caller's line, not ours
        _equal(pick(before), pick(func(*args, **{new: value}, **extra)))


def test_old_and_new_keyword_together_are_refused():
    with pytest.raises(InputError, match="got both clients= and data=. Keep only data="):
        al.dropout_rate(clients=pd.DataFrame(), data=pd.DataFrame())


# --- column names are options, honoured all the way through ------------------------------


def _renamed(table):
    return table.rename(
        columns={
            "client": "id",
            "session": "visit",
            "therapist": "clinician",
            "dropped_out": "left_early",
            "sessions_attended": "attended",
        }
    )


def test_ruptures_found_with_other_column_names_reach_rupture_groups(small):
    usual = al.rupture_groups(al.detect_ruptures(small.sessions), small.clients)
    found = al.detect_ruptures(_renamed(small.sessions), client="id", session="visit")
    assert {"id", "visit"} <= set(found.sessions.columns) and "id" in found.clients.columns
    groups = al.rupture_groups(found, _renamed(small.clients), dropped_out="left_early")
    pd.testing.assert_frame_equal(groups, usual)


def test_rupture_groups_names_a_missing_client_column(small):
    found = al.detect_ruptures(_renamed(small.sessions), client="id", session="visit")
    with pytest.raises(
        InputError, match=r"data must be a table with the columns 'id'.*missing 'id'"
    ):
        al.rupture_groups(found, small.clients)


def test_dropout_functions_honour_column_names(small):
    clients = _renamed(small.clients)
    names = {"sessions_attended": "attended", "dropped_out": "left_early"}
    pd.testing.assert_series_equal(
        al.dropout_rate(clients, dropped_out="left_early"), al.dropout_rate(small.clients)
    )
    pd.testing.assert_frame_equal(
        al.dropout_hazard(clients, **names), al.dropout_hazard(small.clients)
    )
    pd.testing.assert_frame_equal(
        al.retention_curves(clients, **names), al.retention_curves(small.clients)
    )
    pd.testing.assert_series_equal(
        al.dropout_effect_size(clients, dropped_out="left_early"),
        al.dropout_effect_size(small.clients),
    )
    strain = al.strain_before_leaving(
        _renamed(small.sessions), clients, client="id", session="visit", **names
    )
    pd.testing.assert_frame_equal(strain, al.strain_before_leaving(small.sessions, small.clients))


def test_therapist_vs_client_honours_the_therapist_column(small):
    pd.testing.assert_frame_equal(
        al.therapist_vs_client(_renamed(small.clients), therapist="clinician"),
        al.therapist_vs_client(small.clients),
    )
    with pytest.raises(InputError, match="missing 'therapist'.*therapist="):
        al.therapist_vs_client(_renamed(small.clients))


def test_class_functions_honour_item_response_and_perspective_columns():
    data = al.simulate_raters("bordin-teaching", n_raters=9, n_groups=3, seed=2)
    other = data.rename(columns={"item": "question", "response": "answer", "perspective": "chair"})
    pd.testing.assert_frame_equal(
        al.rater_agreement(other, "bordin-teaching", item="question", response="answer"),
        al.rater_agreement(data, "bordin-teaching"),
    )
    pd.testing.assert_frame_equal(
        al.chair_gap(
            other, "bordin-teaching", perspective="chair", item="question", response="answer"
        ),
        al.chair_gap(data, "bordin-teaching"),
    )
    scores = al.score(data, "bordin-teaching")
    pd.testing.assert_frame_equal(
        al.icc_across_targets(scores.rename(columns={"score": "points"}), score="points"),
        al.icc_across_targets(scores),
    )


def test_simulate_studies_is_reproducible_by_default():
    first, second = al.simulate_studies(0.3, n_studies=6), al.simulate_studies(0.3, n_studies=6)
    pd.testing.assert_frame_equal(first, second)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fresh = al.simulate_studies(0.3, n_studies=6, seed=None)
    assert not fresh["r"].equals(first["r"])


def test_the_column_for_a_falling_rating_does_not_speak_of_dropout():
    data = pd.DataFrame({"client": 1, "session": [1, 2, 3], "session_rating": [38, 30, 31]})
    flags = al.flag_alerts(data, cutoff=None, drop=5)
    assert flags["fell"].tolist() == [False, True, False]
    assert not [c for c in flags.columns if "drop" in c]


def test_early_alliance_honours_column_names(small):
    renamed = _renamed(small.sessions).rename(columns={"alliance": "bond_score"})
    got = al.early_alliance(renamed, client="id", session="visit", alliance="bond_score")
    pd.testing.assert_series_equal(got.rename_axis("client"), al.early_alliance(small.sessions))
