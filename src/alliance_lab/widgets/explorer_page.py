"""An explorer on a static page: its precomputed states, moved by Vega-Lite parameters.

The page needs no kernel and no network. Each control is a Vega-Lite parameter bound to
an HTML input (a range slider or a drop-down with a visible label); one more parameter,
``ex_state``, turns the control values into the state number (integers: a slider value
becomes its step index with ``round``), and every view keeps only that state's rows. The
sentence is HTML text with ``aria-live="polite"`` rewritten from the same ``ex_state``
signal (``view.addSignalListener``), so chart and sentence always show the same state.
Each input's accessible name is its visible label alone (``aria-labelledby`` on Vega's
name span; the value Vega prints beside a slider is hidden from screen readers, which
hear the slider's own value instead).
"""

import copy
import dataclasses
import html
import itertools
import json
from importlib import resources

import ipywidgets as widgets

from .explorer_states import STATE_SIGNAL, shared_signal, state_index

__all__ = ["EXPLORER_MARK", "explorer_bundle", "explorer_html", "load_states"]

#: How a static page's HTML marks an explorer drawn from precomputed states.
EXPLORER_MARK = '<section class="alliance-lab-explorable"'

_counter = itertools.count(1)


def load_states(name):
    """The committed precomputed states of explorer ``name``, or None if there are none."""
    path = resources.files("alliance_lab") / "data" / "explorables" / f"{name}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _start(states, explorer):
    """The grid indices of the explorer's current state, or None if it is off the grid
    or its other settings differ from the ones the states were made with."""
    from .explorer_states import _index, _plain

    if states.get("source") != getattr(explorer, "source", None):
        return None  # made from other data than the explorer was given
    axes = states["controls"]
    scenario = explorer.scenario
    fields = {f.name for f in dataclasses.fields(scenario)}
    controlled = set()
    for axis in axes:
        if axis["name"] in fields:
            controlled.add(axis["name"])
        else:
            controlled.update(k for changes in explorer._groups[axis["name"]].values()
                              for k in changes)  # fmt: skip
    ours = _plain(scenario)
    theirs = states["scenario"]["settings"]
    if type(scenario).__name__ != states["scenario"]["type"] or any(
        ours.get(k) != theirs.get(k) for k in set(ours) | set(theirs) if k not in controlled
    ):
        return None
    indices = [_index(axis, explorer._value(scenario, axis["name"])) for axis in axes]
    return None if None in indices else indices


def _state_expr(terms):
    expr = "0"
    for index, size in terms:
        expr = f"({expr}) * {size} + clamp({index}, 0, {size - 1})"
    return expr


def _params(states, indices, uid):
    params, terms = [], []
    for k, (axis, i) in enumerate(zip(states["controls"], indices, strict=True)):
        name = f"ex_{k}"
        target = f"#{uid}-controls"
        if axis["kind"] == "range":
            bind = {"input": "range", "min": axis["low"], "max": axis["high"],
                    "step": axis["step"], "name": axis["label"], "element": target}  # fmt: skip
            params.append({"name": name, "value": axis["values"][i], "bind": bind})
            index = f"round(({name} - {axis['low']!r}) / {axis['step']!r})"
        else:
            bind = {"input": "select", "options": list(range(len(axis["values"]))),
                    "labels": axis["labels"], "name": axis["label"], "element": target}  # fmt: skip
            params.append({"name": name, "value": i, "bind": bind})
            index = name
        terms.append((index, len(axis["values"])))
    params.append({"name": STATE_SIGNAL, "expr": _state_expr(terms)})
    names = [axis["name"] for axis in states["controls"]]
    for name, table in states["tables"].items():
        if table.get("ignores"):  # a table stored once for the states that share it
            kept = [
                ("0", size) if axis in table["ignores"] else (index, size)
                for (index, size), axis in zip(terms, names, strict=True)
            ]
            k = int(name.rsplit("_", 1)[1])
            params.append({"name": shared_signal(k), "expr": _state_expr(kept)})
    for k, title in enumerate(states["titles"]):
        params.append({"name": f"ex_title_{k}", "value": title["values"]})
    return params


def _with_titles(spec, titles):
    for k, title in enumerate(titles):
        *parents, last = title["path"]
        node = spec
        for key in parents:
            node = node[key]
        expr = {"expr": f"ex_title_{k}[{STATE_SIGNAL}]"}
        if last == "title":
            node[last] = {"text": expr}
        else:
            node[last] = expr
    return spec


_STYLE = """<style>
.alliance-lab-explorable-controls .vega-bind { margin: 0.35em 0; }
.alliance-lab-explorable-controls .vega-bind label {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.8em; font-size: 1.05em; }
.alliance-lab-explorable-controls .vega-bind-name { min-width: 12em; }
.alliance-lab-explorable-controls input[type="range"] { width: min(340px, 70vw); height: 1.6em; }
.alliance-lab-explorable-controls select { font-size: 1em; padding: 0.2em; max-width: 90vw; }
.alliance-lab-explorable-chart { max-width: 100%; overflow-x: auto; }
.alliance-lab-explorable-steps button {
  font-size: 1em; padding: 0.3em 0.9em; margin: 0.2em 0.4em 0.2em 0; }
</style>
"""


def _step_buttons(states):
    """Previous / Next buttons for an explorer that steps through sessions (no Play: a
    static page has no kernel to stop it at the moment to discuss)."""
    if not states.get("stepper"):
        return ""
    k = [a["name"] for a in states["controls"]].index(states["stepper"])
    return (
        f'<div class="alliance-lab-explorable-steps" data-control="{k}">'
        '<button type="button" data-step="-1">◀ Previous</button> '
        '<button type="button" data-step="1">Next session ▶</button></div>\n'
    )


# Each button moves the stepped slider one step, as a key press would (an input event,
# which the Vega binding reads); a button is disabled at its end of the slider.
_STEP_JS = """var steps = root.querySelector(".alliance-lab-explorable-steps");
    var stepped = root.querySelectorAll(".alliance-lab-explorable-controls input, "
      + ".alliance-lab-explorable-controls select")[Number(steps.dataset.control)];
    var buttons = steps.querySelectorAll("button");
    function ends() {
      buttons[0].disabled = Number(stepped.value) <= Number(stepped.min);
      buttons[1].disabled = Number(stepped.value) >= Number(stepped.max);
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var next = Number(stepped.value) + Number(button.dataset.step) * Number(stepped.step);
        if (next < Number(stepped.min) || next > Number(stepped.max)) return;
        stepped.value = String(next);
        stepped.dispatchEvent(new Event("input", {bubbles: true}));
      });
    });
    view.addSignalListener("STATE_SIGNAL", ends);
    ends();""".replace("STATE_SIGNAL", STATE_SIGNAL)


#: The page code of one explorer, shared by the static page and the kernel-free widget:
#: ``allianceLabExplorable(root, data, vegaEmbed)`` draws the chart inside ``root``
#: (a section made by :func:`explorer_markup`), puts the bound inputs in its controls
#: box and rewrites the sentence from the ``ex_state`` signal.
SETUP_JS = """
function allianceLabExplorable(root, data, vegaEmbed) {
  var uid = root.id;
  var box = root.querySelector(".alliance-lab-explorable-controls");
  var sentence = root.querySelector(".alliance-lab-sentence");
  var spec = JSON.parse(JSON.stringify(data.spec));
  spec.datasets = {};
  Object.keys(data.tables).forEach(function (name) {
    var cols = data.tables[name].columns;
    spec.datasets[name] = data.tables[name].rows.map(function (row) {
      var record = {};
      for (var i = 0; i < cols.length; i++) { if (row[i] !== null) record[cols[i]] = row[i]; }
      return record;
    });
  });
  // the inputs go into this explorer's own box, found by element (not by a selector, which
  // finds nothing while a widget's view is not yet on the page)
  (spec.params || []).forEach(function (p) { if (p.bind) delete p.bind.element; });
  // Vega writes <label><span class="vega-bind-name">Name</span><input><span>4.5</span>;
  // a screen reader would hear the label's whole text ("Name4.5") as the control's
  // name. Each control is named by its name span alone; the value span repeats what the
  // control itself reports, so it is hidden from assistive technology.
  function nameControls() {
    box.querySelectorAll(".vega-bind").forEach(function (bind, k) {
      var name = bind.querySelector(".vega-bind-name");
      var control = bind.querySelector("input, select");
      if (!name || !control) return;
      name.id = uid + "-name-" + k;
      control.setAttribute("aria-labelledby", name.id);
      var value = control.nextElementSibling;
      if (value && value.tagName === "SPAN") value.setAttribute("aria-hidden", "true");
    });
  }
  var chart = root.querySelector(".alliance-lab-explorable-chart");
  var options = {renderer: "svg", actions: false, bind: box};
  return vegaEmbed(chart, spec, options).then(function (result) {
    var view = result.view;
    nameControls();
    function show(_, s) {
      if (data.sentences[s] !== undefined && sentence.textContent !== data.sentences[s]) {
        sentence.textContent = data.sentences[s];
      }
      root.setAttribute("data-state", s);
    }
    view.addSignalListener("STATE_SIGNAL", show);
    if (root.querySelector(".alliance-lab-explorable-steps")) {
      STEP_JS
    }
    show(null, view.signal("STATE_SIGNAL"));
    window.allianceLabExplorables = window.allianceLabExplorables || {};
    window.allianceLabExplorables[uid] = view;
    root.setAttribute("data-ready", "true");
    return view;
  }).catch(function (error) {
    sentence.textContent = "The chart could not be drawn: " + error;
  });
}
""".replace("STEP_JS", _STEP_JS).replace("STATE_SIGNAL", STATE_SIGNAL)


def explorer_payload(states, indices, *, uid):
    """What the page code needs: the chart with its controls, the tables, the sentences."""
    spec = _with_titles(copy.deepcopy(states["spec"]), states["titles"])
    spec["params"] = [*_params(states, indices, uid), *spec.get("params", [])]
    spec["description"] = (
        f"{states['title'] or states['explorer']}: the chart follows the controls above it; "
        "the sentence above the chart says what it shows."
    )
    return {
        "explorer": states["explorer"],
        "spec": spec,
        "tables": states["tables"],
        "sentences": states["sentences"],
    }


def explorer_markup(states, indices, *, uid, fixed=None):
    """The explorer's section without its data and code: heading, controls box, sentence,
    chart box and the note on the precomputed states (``fixed``: ``(label, value)`` of
    the kernel's controls that the grid leaves out, named in the note)."""
    start = state_index(states["controls"], indices)
    heading = f"<h3>{html.escape(states['title'])}</h3>\n" if states.get("title") else ""
    made = states.get("made_by", "alliance_lab")
    note = (
        f"These controls move through {states['states']} states computed in advance by "
        f"{made} (python -m alliance_lab.app.explorables). In a running notebook the "
        "explorer takes any value and any seed."
    )
    if fixed:
        kept = "; ".join(f"{label}: {value}" for label, value in fixed)
        note += f" Not a control on this page (it keeps the notebook's starting value): {kept}."
    if states.get("client_sample"):
        note += (
            f" Where the chart draws more points than {states['client_sample']} (individual "
            f"clients, or the points of a curve), it draws a fixed sample of "
            f"{states['client_sample']}, spread evenly; the sentence counts them all."
        )
    return f"""{_STYLE}<section class="alliance-lab-explorable" id="{uid}" \
data-explorable="{html.escape(states["explorer"])}" data-state="{start}">
{heading}<div class="alliance-lab-explorable-controls" id="{uid}-controls"></div>
{_step_buttons(states)}<p class="alliance-lab-sentence" aria-live="polite" \
style="font-size:1.25em;line-height:1.4;max-width:52em">\
{html.escape(states["sentences"][start])}</p>
<div class="alliance-lab-explorable-chart" id="{uid}-chart"></div>
<p class="alliance-lab-static-note"><em>{html.escape(note)}</em></p>
</section>"""


def explorer_html(states, indices, *, uid=None, fixed=None):
    """The HTML of one explorer on a static page, starting at grid point ``indices``
    (``fixed``: see :func:`explorer_markup`)."""
    uid = uid or f"alliance-lab-explorable-{states['explorer']}-{next(_counter)}"
    payload = explorer_payload(states, indices, uid=uid)
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    markup = explorer_markup(states, indices, uid=uid, fixed=fixed)
    return f"""{markup.removesuffix("</section>")}\
<script type="application/json" id="{uid}-data">{data}</script>
<script>
(function () {{
{SETUP_JS}
  allianceLabExplorable(document.getElementById("{uid}"),
    JSON.parse(document.getElementById("{uid}-data").textContent), vegaEmbed);
}})();
</script>
</section>"""


def explorer_bundle(explorer):
    """The static-page display of ``explorer`` from its precomputed states, or None
    (no states for it, or it starts from settings the states were not made with)."""
    states = load_states(explorer.name)
    if states is None:
        return None
    indices = _start(states, explorer)
    if indices is None:
        return None
    on_grid = {axis["name"] for axis in states["controls"]}
    fixed = [
        (
            explorer.labels[name],
            control.label if isinstance(control, widgets.Dropdown) else control.value,
        )
        for name, control in explorer.controls.items()
        if name not in on_grid
    ]
    text = explorer_html(states, indices, fixed=fixed)
    return {"text/html": text, "text/plain": repr(explorer)}
