"""Precomputed explorer states: the committed data equals what the kernel computes.

For every committed explorer a sample of grid states (the start, the corners and a few
drawn at random) is computed again with the explorer's own functions and compared with
the committed tables, titles and sentence. The static page's specification is checked
as a spec (schema-valid, filtered on the integer state) without a browser.
"""

import dataclasses
import json
import random
import re

import altair as alt
import pandas as pd
import pytest

from alliance_lab import __version__
from alliance_lab.analysis.bordin import BordinProfile
from alliance_lab.app.explorables import EXPLORABLES, MAX_ROWS, STEPPERS, main, state_sentence
from alliance_lab.theme import register_theme
from alliance_lab.widgets.course import bordin_explorer
from alliance_lab.widgets.explorer import Explorer
from alliance_lab.widgets.explorer_page import _start, explorer_bundle, explorer_html, load_states
from alliance_lab.widgets.explorer_states import (
    STATE_COLUMN,
    _flatten,
    _is_title,
    _shared_state,
    compute_state,
    grid_controls,
    shared_signal,
    state_index,
    state_rows,
)

NAMES = sorted(EXPLORABLES)
#: The most bytes one explorer's states may add to a page (the page budget is 1.5 MB).
EXPLORER_BUDGET = 1_000_000


@pytest.fixture(scope="module", params=NAMES)
def committed(request):
    name = request.param
    register_theme()  # as the command and the notebooks draw them
    explorer = EXPLORABLES[name]()
    states = load_states(name)
    assert states is not None, f"no committed states for {name}: run the explorables command"
    return name, explorer, states


def _sample(states, explorer, k=5):
    sizes = [len(a["values"]) for a in states["controls"]]
    rng = random.Random(17)
    points = {tuple(_start(states, explorer)), tuple(0 for _ in sizes)}
    points.add(tuple(n - 1 for n in sizes))
    while len(points) < k + 3:
        points.add(tuple(rng.randrange(n) for n in sizes))
    return sorted(points)


def test_committed_states_are_stamped_and_complete(committed):
    name, explorer, states = committed
    assert states["made_by"] == f"alliance_lab {__version__}"
    assert states["scenario"]["type"] == type(explorer.scenario).__name__
    sizes = [len(a["values"]) for a in states["controls"]]
    count = 1
    for n in sizes:
        count *= n
    assert states["states"] == count == len(states["sentences"])
    assert count <= 800, "a grid of at most a few hundred states"
    names = [a["name"] for a in states["controls"]]
    for table in states["tables"].values():
        assert table["columns"][0] == STATE_COLUMN
        # a table that does not change with some controls is stored once for those states
        ignored = [names.index(n) for n in table.get("ignores", [])]
        held = {_shared_state(sizes, s, ignored) for s in range(count)}
        assert {row[0] for row in table["rows"]} == held
    assert _start(states, explorer) is not None, "the notebook's start is a grid state"


def test_sample_of_states_equals_the_kernel(committed):
    name, explorer, states = committed
    axes = grid_controls(explorer)
    assert axes == states["controls"]
    titles = {tuple(t["path"]): t["values"] for t in states["titles"]}
    for indices in _sample(states, explorer):
        s = state_index(axes, indices)
        changes, spec, rows, sentence = compute_state(
            explorer, axes, indices, max_rows=MAX_ROWS.get(name, 150), sentence=state_sentence(name)
        )
        assert sentence == states["sentences"][s], changes
        committed_rows = state_rows(states, s)
        fresh = {
            f"ex_data_{k}": [{c: v for c, v in row.items() if v is not None} for row in table]
            for k, table in enumerate(rows)
        }
        assert fresh == committed_rows, changes
        for path, value in _flatten(spec):
            if tuple(path) in titles:
                assert titles[tuple(path)][s] == value, changes


def test_chart_shape_is_the_kernels(committed):
    """The committed chart is the kernel's chart (run the command after changing a view)."""
    name, explorer, states = committed
    axes = states["controls"]
    _, spec, _, _ = compute_state(
        explorer,
        axes,
        _start(states, explorer),
        max_rows=MAX_ROWS.get(name, 150),
        sentence=state_sentence(name),
    )
    fresh = {p: v for p, v in _flatten(spec) if not _is_title(p)}
    old = {p: v for p, v in _flatten(states["spec"]) if not _is_title(p)}
    # a table stored once for several states is filtered on its own state signal
    old = {p: re.sub(r"== ex_state_\d+$", "== ex_state", v) if isinstance(v, str) else v
           for p, v in old.items()}  # fmt: skip
    assert fresh.keys() >= old.keys()
    assert {p: fresh[p] for p in old} == old, (
        f"the {name} explorer's chart changed: run python -m alliance_lab.app.explorables {name}"
    )


def test_page_spec_is_valid_and_filters_on_the_integer_state(committed):
    name, explorer, states = committed
    page = explorer_html(states, _start(states, explorer), uid="x")
    data = json.loads(
        page.split('<script type="application/json" id="x-data">')[1].split("</script>")[0]
    )
    spec = data["spec"]
    spec["datasets"] = {
        k: [dict(zip(t["columns"], row, strict=True)) for row in t["rows"][:50]]
        for k, t in data["tables"].items()
    }
    subtitles = [t["path"] for t in states["titles"] if t["path"][-1] == "subtitle"]
    if subtitles:  # Vega-Lite compiles a subtitle expression to a signal ...
        import vl_convert as vlc

        vega = json.dumps(vlc.vegalite_to_vega(spec))
        for k, title in enumerate(states["titles"]):
            if title["path"][-1] == "subtitle":
                assert f'"subtitle": {{"signal": "ex_title_{k}[ex_state]"}}' in vega
        for path in subtitles:  # ... though its JSON schema lists only text for it
            node = spec
            for key in path[:-1]:
                node = node[key]
            node["subtitle"] = "a subtitle"
    alt.utils.schemapi.validate_jsonschema(spec, alt.vegalite.v6.schema.core.load_schema())
    # every view that reads a table keeps the rows of the state: an integer comparison
    leaves = list(_flatten(spec))
    readers = [(p[:-2], v) for p, v in leaves if p[-2:] == ("data", "name")]
    signals = {p["name"] for p in spec["params"]}
    for node, table in readers:
        first = next(v for p, v in leaves if p == (*node, "transform", 0, "filter"))
        shared = data["tables"][table].get("ignores")
        signal = shared_signal(int(table.rsplit("_", 1)[1])) if shared else "ex_state"
        assert first == f"datum.{STATE_COLUMN} == {signal}" and signal in signals
    state = next(p for p in spec["params"] if p["name"] == "ex_state")
    assert "round(" in state["expr"] or all(a["kind"] == "select" for a in states["controls"])
    controls = [p for p in spec["params"] if isinstance(p.get("bind"), dict)]
    assert [p["bind"]["name"] for p in controls] == [a["label"] for a in states["controls"]]
    assert 'aria-live="polite"' in page
    assert len(page.encode()) <= EXPLORER_BUDGET


def test_stepped_explorers_have_previous_and_next(committed):
    name, explorer, states = committed
    page = explorer_html(states, _start(states, explorer), uid="x")
    assert ("Next session ▶" in page) == (name in STEPPERS)
    if name in STEPPERS:
        assert states["stepper"] in [a["name"] for a in states["controls"]]


def test_start_off_the_grid_stays_frozen():
    off = bordin_explorer(BordinProfile(goal=4.2, task=2.5, bond=4.0))
    assert explorer_bundle(off) is None
    on = explorer_bundle(bordin_explorer())
    assert 'data-explorable="bordin"' in on["text/html"]


@dataclasses.dataclass(frozen=True)
class Coin:
    p: float = 0.5
    flips: int = 10


def _coin_explorer():
    return Explorer(
        Coin(),
        settings={"p": (0.0, 1.0, 0.1), "flips": [10, 100]},
        simulate=lambda s: s,
        view=lambda s: (
            alt.Chart(pd.DataFrame({"p": [s.p], "n": [s.flips]}), title=f"{s.flips} flips")
            .mark_bar()
            .encode(y="p:Q")
        ),
        sentence=lambda s: f"Heads {s.p:.0%} of {s.flips} flips.",
        grid={"p": (0.0, 1.0, 0.25)},
        name="coin",
        title="A coin",
    )


def test_command_writes_every_state_stamped(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(EXPLORABLES, "coin", _coin_explorer)
    assert main(["coin", "--out", str(tmp_path)]) == 0
    assert "10 states" in capsys.readouterr().out
    states = json.loads((tmp_path / "coin.json").read_text())
    assert states["made_by"] == f"alliance_lab {__version__}"
    assert states["scenario"] == {"type": "Coin", "settings": {"p": 0.5, "flips": 10}}
    assert [a["values"] for a in states["controls"]] == [[0.0, 0.25, 0.5, 0.75, 1.0], [10, 100]]
    # the last control varies fastest: state 2 * 2 + 1 is p = 0.5 with 100 flips
    assert states["sentences"][5] == "Heads 50% of 100 flips."
    assert state_rows(states, 5) == {"ex_data_0": [{"p": 0.5, "n": 100}]}
    assert states["titles"][0]["values"][:2] == ["10 flips", "100 flips"]
    # a start that is a grid point but not the committed scenario's other settings
    assert _start(states, _coin_explorer()) == [2, 0]


def test_a_table_that_ignores_a_control_is_stored_once(tmp_path, monkeypatch):
    def coin_with_a_line():
        explorer = _coin_explorer()
        own = explorer._view

        def view(s):  # a second layer that shows p alone: it does not change with flips
            line = alt.Chart(pd.DataFrame({"q": [s.p, 1 - s.p]})).mark_rule().encode(y="q:Q")
            return alt.layer(own(s), line)

        explorer._view = view
        return explorer

    monkeypatch.setitem(EXPLORABLES, "coin", coin_with_a_line)
    assert main(["coin", "--out", str(tmp_path)]) == 0
    states = json.loads((tmp_path / "coin.json").read_text())
    both, p_only = states["tables"]["ex_data_0"], states["tables"]["ex_data_1"]
    assert "ignores" not in both and p_only["ignores"] == ["flips"]
    assert {row[0] for row in p_only["rows"]} == {0, 2, 4, 6, 8}  # flips at 10 only
    # state 5 (p = 0.5, 100 flips) reads the line of state 4 (p = 0.5, 10 flips)
    assert state_rows(states, 5)["ex_data_1"] == [{"q": 0.5}, {"q": 0.5}]
    assert state_rows(states, 7)["ex_data_1"] == [{"q": 0.75}, {"q": 0.25}]
    page = explorer_html(states, [2, 1], uid="x")
    assert '"name":"ex_state_1"' in page


def test_unknown_explorer_is_refused(capsys):
    assert main(["nosuch"]) == 2
    assert "bordin" in capsys.readouterr().err
