"""Every state of an explorer's grid, computed once by the explorer's own functions.

An :class:`~alliance_lab.widgets.explorer.Explorer` is defined once: its controls, its
``simulate``, ``view`` and ``sentence``. This module walks a stated grid of its control
values (the kernel's own steps, or a coarser ``grid=``), runs those same functions for
every grid point and merges the charts into one Vega-Lite specification:

* each chart's inline tables become one table per position with a state column ``_s``;
* every view that reads such a table first keeps the rows of the current state
  (``datum._s == ex_state``, an integer: no comparison of floating-point values);
* titles and subtitles that change with the state are looked up per state (Vega-Lite
  compiles a subtitle expression to a Vega signal, though its JSON schema lists only
  text for it); anything else that changes with the state is refused (the chart would
  not be the kernel's chart).

The result is plain JSON (:func:`grid_states`), written to
``alliance_lab/data/explorables/`` by ``python -m alliance_lab.app.explorables`` and read
by the static pages (:mod:`alliance_lab.widgets.explorer_page`).
"""

import dataclasses
import hashlib
import itertools
import json
import math

__all__ = [
    "STATE_COLUMN",
    "STATE_SIGNAL",
    "compute_state",
    "data_stamp",
    "grid_controls",
    "grid_states",
    "shared_signal",
    "state_index",
    "state_rows",
]

STATE_COLUMN = "_s"
STATE_SIGNAL = "ex_state"
DIGITS = 4


def _steps(low, high, step):
    count = round((high - low) / step) + 1
    values = [low + i * step for i in range(count)]
    integer = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high, step))
    return [int(v) if integer else round(v, 10) for v in values]


def data_stamp(*tables):
    """A short stamp of the content of ``tables`` (pandas DataFrames): equal tables give
    equal stamps, and any changed value, column or row changes it.

    An explorer of a given table (the rupture and feedback explorers are given a clinic)
    stores this as its ``source``; its precomputed states are used only for that table.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"x": [1.0, 2.0]})
    >>> data_stamp(a) == data_stamp(a.copy()), data_stamp(a) == data_stamp(a + 1)
    (True, False)
    """
    import pandas as pd  # the stamp is only needed where tables are

    digest = hashlib.sha256()
    for table in tables:
        digest.update(json.dumps([list(map(str, table.columns)), len(table)]).encode())
        digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return f"{sum(len(t) for t in tables)} rows, sha256 {digest.hexdigest()[:16]}"


def grid_controls(explorer):
    """The explorer's controls as grid axes: name, label, kind and the values on the grid.

    A slider ``(low, high, step)`` becomes a ``range`` axis with every step; a drop-down
    becomes a ``select`` axis with its choices (``labels``) and their values (for a
    drop-down that sets several fields at once, the values are the choices' labels).

    Examples
    --------
    >>> from alliance_lab.widgets.course import bordin_explorer
    >>> [(c["name"], len(c["values"])) for c in grid_controls(bordin_explorer())]
    [('goal', 9), ('task', 9), ('bond', 9)]
    """
    axes = []
    for name, spec in explorer.grid.items():
        label = explorer.labels[name]
        if isinstance(spec, tuple) and len(spec) == 3:
            low, high, step = spec
            values = _steps(low, high, step)
            axes.append(dict(name=name, label=label, kind="range", values=values,
                             low=low, high=high, step=step))  # fmt: skip
        elif isinstance(spec, dict):  # a drop-down {label: value}
            axes.append(
                dict(name=name, label=label, kind="select", labels=list(spec),
                     values=list(spec.values()))
            )  # fmt: skip
        elif isinstance(spec, list):
            axes.append(
                dict(name=name, label=label, kind="select", labels=[str(v) for v in spec],
                     values=list(spec))
            )  # fmt: skip
        else:
            raise ValueError(
                f"The grid for {name!r} must be (low, high, step) or a list of choices; "
                f"got {spec!r}."
            )
    return axes


def _index(axis, value):
    """The grid index of ``value`` on ``axis``, or None when it is not a grid point."""
    if axis["kind"] == "range":
        i = round((value - axis["low"]) / axis["step"])
        if 0 <= i < len(axis["values"]) and math.isclose(axis["values"][i], value, abs_tol=1e-9):
            return i
        return None
    return axis["values"].index(value) if value in axis["values"] else None


def state_index(axes, indices):
    """The state number of one grid point (the last control varies fastest)."""
    s = 0
    for axis, i in zip(axes, indices, strict=True):
        s = s * len(axis["values"]) + i
    return s


def _round(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, DIGITS)
    return value


def _flatten(node, path=()):
    if isinstance(node, dict):
        if not node:
            yield path, {}
        for key, value in node.items():
            yield from _flatten(value, (*path, key))
    elif isinstance(node, list):
        if not node:
            yield path, []
        for i, value in enumerate(node):
            yield from _flatten(value, (*path, i))
    else:
        yield path, node


def _is_title(path):
    keys = [p for p in path if isinstance(p, str)]
    return bool(keys) and (
        keys[-1] == "title" or keys[-2:] in (["title", "text"], ["title", "subtitle"])
    )


def _split(spec, *, max_rows):
    """The spec with its tables named by position, and those tables' rows (rounded)."""
    spec = json.loads(json.dumps(spec))
    datasets = spec.pop("datasets", {})
    names, tables = {}, []

    def visit(node):
        data = node.get("data")
        if isinstance(data, dict) and set(data) == {"name"} and data["name"] in datasets:
            if data["name"] not in names:
                names[data["name"]] = f"ex_data_{len(names)}"
                rows = datasets[data["name"]]
                if len(rows) > max_rows:  # a fixed sample, spread over the whole table
                    rows = [rows[round(i * (len(rows) - 1) / (max_rows - 1))]
                            for i in range(max_rows)]  # fmt: skip
                tables.append(rows)
            node["data"] = {"name": names[data["name"]]}
            node["transform"] = [
                {"filter": f"datum.{STATE_COLUMN} == {STATE_SIGNAL}"},
                *node.get("transform", []),
            ]

    _each_dict(spec, visit)
    return spec, [[{k: _round(v) for k, v in row.items()} for row in rows] for rows in tables]


def compute_state(explorer, axes, indices, *, max_rows=150, validate=False, sentence=None):
    """One grid point through the explorer's own functions, as the kernel computes it.

    Returns ``(changes, spec, tables, sentence)``: the scenario settings of the point,
    the chart's Vega-Lite spec (tables by position, filtered to the state), the rows of
    each table (rounded to 4 decimals, as committed) and the sentence.
    """
    changes = {}
    for axis, i in zip(axes, indices, strict=True):
        changes.update(explorer._changes(axis["name"], axis["values"][i]))
    scenario = dataclasses.replace(explorer.scenario, **changes)
    result = explorer._simulate(scenario)
    chart = explorer._view(result)
    spec, rows = _split(chart.to_dict(validate=validate), max_rows=max_rows)
    spec.pop("description", None)
    spec.pop("usermeta", None)  # the numbers beside a chart: the state's sentence carries them
    sentence = sentence or getattr(explorer, "state_sentence", None) or explorer._sentence
    return changes, spec, rows, sentence(result)


def grid_states(explorer, *, max_rows=150, sentence=None):
    """Run the explorer's own functions for every state of its grid; plain JSON out.

    Parameters
    ----------
    explorer : Explorer
        An explorer with a ``name``; its starting scenario fixes every setting that
        has no control (it is written into the result as ``scenario``).
    max_rows : int
        A table with more rows than this in one state (individual clients) keeps a
        fixed sample of this many rows, spread evenly over the table.
    sentence : callable, optional
        ``sentence(result) -> str`` instead of the explorer's own, for an explorer whose
        sentence also speaks of the previous step (a state must not depend on the path);
        default: the explorer's ``state_sentence``, else its own sentence.

    Returns
    -------
    dict
        ``explorer``, ``title``, ``scenario``, ``controls`` (grid axes), ``states``,
        ``spec`` (Vega-Lite, tables by name, without the rows), ``tables``
        (``{name: {"columns": [...], "rows": [[...], ...]}}`` with the state column
        ``_s``), ``titles`` (per-state titles by position) and ``sentences``.
    """
    axes = grid_controls(explorer)
    base = explorer.scenario
    template, template_leaves, tables, sentences, titles = None, None, None, [], {}
    dropped, per_state, by_state = set(), [], []
    for indices in itertools.product(*(range(len(a["values"])) for a in axes)):
        changes, spec, rows, text = compute_state(
            explorer, axes, indices, max_rows=max_rows, validate=template is None,
            sentence=sentence,
        )  # fmt: skip
        s = state_index(axes, indices)
        leaves = dict(_flatten(spec))
        if template is None:
            template, template_leaves = spec, leaves
            tables = [[] for _ in rows]
        if leaves.keys() != template_leaves.keys() or len(rows) != len(tables):
            raise ValueError(
                f"The {explorer.name} explorer draws a chart of another shape in state "
                f"{changes}; a grid needs the same chart with other numbers."
            )
        for path, value in leaves.items():
            if _is_title(path):
                titles.setdefault(path, []).append(value)
            elif value != template_leaves[path] and path[-1] == "description":
                dropped.add(path)  # the sentence says what the chart shows
            elif value != template_leaves[path]:
                raise ValueError(
                    f"In state {changes} the {explorer.name} explorer's chart changes "
                    f"{'/'.join(map(str, path))}, which a static page cannot follow."
                )
        per_state.extend(rows)
        by_state.append(rows)
        sentences.append(text)
    sizes = [len(a["values"]) for a in axes]
    ignores = [_ignored_axes(sizes, [rows[k] for rows in by_state]) for k in range(len(tables))]
    for k, table in enumerate(tables):
        for s, rows in enumerate(by_state):
            if _shared_state(sizes, s, ignores[k]) == s:  # one copy for the states that share it
                table.extend({STATE_COLUMN: s, **row} for row in rows[k])
        if ignores[k]:
            _filter_shared(template, k)
    source = getattr(explorer, "source", None)
    for path in dropped:
        node = template
        for key in path[:-1]:
            node = node[key]
        node.pop(path[-1])
    return {
        "explorer": explorer.name,
        "title": explorer.title,
        "scenario": {"type": type(base).__name__, "settings": _plain(base)},
        **({"source": source} if source is not None else {}),
        "controls": axes,
        "states": len(sentences),
        "spec": template,
        "tables": {
            f"ex_data_{k}": {
                **_columns(rows),
                **({"ignores": [axes[a]["name"] for a in ignores[k]]} if ignores[k] else {}),
            }
            for k, rows in enumerate(tables)
        },
        "titles": [
            {"path": list(path), "values": values}
            for path, values in titles.items()
            if len(set(values)) > 1
        ],
        "sentences": sentences,
        "client_sample": max_rows if any(len(rows) == max_rows for rows in per_state) else None,
    }


def _plain(scenario):
    if hasattr(scenario, "to_json"):
        return json.loads(scenario.to_json())
    return json.loads(json.dumps(dataclasses.asdict(scenario), default=str))


def _columns(rows):
    columns = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return {"columns": columns, "rows": [[row.get(c) for c in columns] for row in rows]}


def state_rows(states, s):
    """The rows of state ``s`` in each table, as records (what the page filters to)."""
    out = {}
    sizes = [len(a["values"]) for a in states["controls"]]
    names = [a["name"] for a in states["controls"]]
    for name, table in states["tables"].items():
        cols = table["columns"]
        shared = _shared_state(sizes, s, [names.index(n) for n in table.get("ignores", [])])
        out[name] = [
            {c: v for c, v in zip(cols, row, strict=True) if c != STATE_COLUMN and v is not None}
            for row in table["rows"]
            if row[0] == shared
        ]
    return out


def _indices(sizes, s):
    out = []
    for size in reversed(sizes):
        s, i = divmod(s, size)
        out.append(i)
    return out[::-1]


def _shared_state(sizes, s, ignored):
    """The state that holds the rows of state ``s`` for a table that ignores the axes
    ``ignored`` (positions): the same state with those axes at their first value."""
    indices = _indices(sizes, s)
    for a in ignored:
        indices[a] = 0
    n = 0
    for size, i in zip(sizes, indices, strict=True):
        n = n * size + i
    return n


def _ignored_axes(sizes, rows_by_state):
    """Positions of the axes a table does not change with: every state's rows equal those
    of the same state with that axis at its first value (e.g. the expected band does not
    change with the session shown). Such a table is stored once for all those states."""
    return [
        a
        for a in range(len(sizes))
        if all(
            rows == rows_by_state[_shared_state(sizes, s, [a])]
            for s, rows in enumerate(rows_by_state)
        )
    ]


def _each_dict(node, visit):
    """Call ``visit`` on every dict in a (Vega-Lite) specification, outermost first."""
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _each_dict(value, visit)
    elif isinstance(node, list):
        for value in node:
            _each_dict(value, visit)


def shared_signal(k):
    """The page signal holding the state whose rows table ``k`` shows (see ``ignores``)."""
    return f"{STATE_SIGNAL}_{k}"


def _filter_shared(spec, k):
    """Views of table ``k`` keep the rows of its shared state (an integer, as before)."""
    old = f"datum.{STATE_COLUMN} == {STATE_SIGNAL}"
    new = f"datum.{STATE_COLUMN} == {shared_signal(k)}"

    def visit(node):
        if node.get("data") == {"name": f"ex_data_{k}"}:
            node["transform"] = [
                {"filter": new} if t == {"filter": old} else t for t in node["transform"]
            ]

    _each_dict(spec, visit)
