"""Presenter mode's --precomputed: explorers with states are shown by the kernel-free widget."""

from alliance_lab.analysis.bordin import BordinProfile
from alliance_lab.app.present import voila_environment
from alliance_lab.widgets.course import bordin_explorer
from alliance_lab.widgets.explorer_page import SETUP_JS, load_states
from alliance_lab.widgets.practice_explorers import split_explorer
from alliance_lab.widgets.precomputed_explorer import (
    PRECOMPUTED_ENV,
    PrecomputedExplorer,
    precomputed_widget,
)

WIDGET = "application/vnd.jupyter.widget-view+json"


def _model(explorer):
    bundle = explorer._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)[WIDGET]["model_id"]


def test_option_sets_the_environment_only_when_asked():
    with voila_environment({PRECOMPUTED_ENV: "1", "HOME": "/h"}) as env:
        assert PRECOMPUTED_ENV not in env  # a stale setting of the caller is not inherited
    with voila_environment({"HOME": "/h"}, precomputed=True) as env:
        assert env[PRECOMPUTED_ENV] == "1"


def test_explorer_shows_the_widget_only_with_the_option(monkeypatch):
    ex = split_explorer()
    monkeypatch.delenv(PRECOMPUTED_ENV, raising=False)
    assert _model(ex) == ex.widget.model_id
    monkeypatch.setenv(PRECOMPUTED_ENV, "1")
    assert _model(ex) != ex.widget.model_id
    # an explorer that starts off its grid keeps the kernel's widget
    off = bordin_explorer(BordinProfile(goal=4.2, task=2.5, bond=4.0))
    assert _model(off) == off.widget.model_id


def test_widget_carries_the_states_and_the_shared_page_code():
    widget = precomputed_widget(split_explorer())
    assert isinstance(widget, PrecomputedExplorer)
    states = load_states("split")
    assert widget.payload["sentences"] == states["sentences"]
    assert widget.payload["tables"] == states["tables"]
    start = 2 * 5 + 1  # spread 0.5 (index 2 of 7), link 0.75 (index 1 of 5)
    assert f'data-state="{start}"' in widget.markup
    assert 'aria-live="polite"' in widget.markup
    # the same page code as the static site, bundled with Vega (no network)
    assert "function allianceLabExplorable" in SETUP_JS
    assert "allianceLabExplorable" in widget._esm and "https://" not in widget._esm[:2000]
