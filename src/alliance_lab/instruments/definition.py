"""Instrument definitions: data files checked against a schema, loaded as frozen dataclasses.

Each questionnaire lives in ``alliance_lab/data/instruments/<id>.yaml``; earlier versions of a
definition stay loadable from ``data/instruments/archive/<id>@<version>.yaml`` (same schema), so
answers saved under an old version are scored with the key they were given under. Loading checks the
file against ``schema.json`` and a few rules a schema cannot express (item numbers 1..n,
every item in a scored subscale, teaching items worded for every perspective); a problem
raises a ``ValueError`` naming the file, the field and what is wrong.
"""

import json
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import yaml

from .._renames import renamed_keywords
from .._validation import check_choice, fail, show

__all__ = [
    "Cutoff",
    "Instrument",
    "Item",
    "Reliability",
    "ReliableChange",
    "Scale",
    "list_instruments",
    "load_instrument",
]

ARCHIVE = "archive"
TEACHING_LABEL = "teaching item, not a validated instrument"
PERSPECTIVES = ("client", "therapist", "observer")


@dataclass(frozen=True)
class Scale:
    """Response scale: ``kind`` is ``"likert"`` or ``"vas"`` (a 0-10 visual analogue line)."""

    kind: str
    min: float
    max: float
    step: float
    anchors: dict  # int -> label (Likert); empty for visual analogue lines


@dataclass(frozen=True)
class Item:
    number: int
    subscale: str
    reverse: bool
    text: dict | None  # perspective -> wording; None for structure-only definitions
    poles: dict | None = None  # perspective -> (low end, high end) of a visual analogue line


@dataclass(frozen=True)
class Cutoff:
    value: float
    comparison: str
    meaning: str
    source: str
    scale: str = "total"
    comparisons: tuple = ()


@dataclass(frozen=True)
class ReliableChange:
    """The number of points by which a total must change to count as reliable change."""

    value: float
    source: str
    scale: str = "total"


@dataclass(frozen=True)
class Reliability:
    """The reliability a definition states for its total (a figure or a teaching choice)."""

    value: float
    source: str


@dataclass(frozen=True)
class Instrument:
    """One questionnaire: its items, response scale and scoring rules (see ``load_instrument``)."""

    id: str
    name: str
    version: str
    teaching: bool
    label: str
    perspectives: tuple
    scale: Scale
    items: tuple
    rule: str
    subscales: tuple
    has_total: bool
    max_missing: int
    missing_method: str
    missing_rule: str
    cutoffs: tuple
    citation: str
    licence: str
    unconfirmed: tuple
    text_source: str  # "teaching items", "none (structure only)" or "local file"
    measures: str = "alliance"  # "alliance" or "outcome": what the form is about
    reliability: Reliability | None = None
    reliable_change: ReliableChange | None = None
    components: dict | None = None  # item subscale -> "goal", "task", "bond" or "all"
    session_rating: bool = False  # the simulated clinic's session rating form (see the schema)

    @property
    def scales(self):
        """Names of the scores ``score`` returns, in display order."""
        return self.subscales + (("total",) if self.has_total else ())

    def items_of(self, scale):
        """Items that make up ``scale`` (a subscale name or ``"total"``)."""
        if scale == "total":
            return self.items
        return tuple(item for item in self.items if item.subscale == scale)

    def scale_range(self, scale):
        """Lowest and highest possible score of ``scale``.

        >>> load_instrument("bordin-teaching").scale_range("goal")
        (4, 20)
        """
        if scale not in self.scales:
            raise ValueError(f"{self.id} has no scale {scale!r}; its scales are {self.scales}.")
        if self.rule == "mean":
            return (self.scale.min, self.scale.max)
        n = len(self.items_of(scale))
        return (self.scale.min * n, self.scale.max * n)


def _schema():
    return json.loads(
        resources.files("alliance_lab.data.instruments").joinpath("schema.json").read_text()
    )


def _where(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _fail(source, field, problem):
    raise ValueError(f"Instrument file {source}: field '{field}': {problem}")


def parse_definition(data, source="<definition>"):
    """Check a definition (a dict read from YAML) and build an ``Instrument``.

    >>> parse_definition({"id": "x"}, "x.yaml")
    Traceback (most recent call last):
    ...
    ValueError: Instrument file x.yaml: field '(top level)': 'name' is a required property
    """
    if not isinstance(data, dict):
        _fail(source, "(top level)", "the file must hold a mapping of field names to values.")
    errors = sorted(
        jsonschema.Draft202012Validator(_schema()).iter_errors(data),
        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
    )
    if errors:
        _fail(source, _where(errors[0].absolute_path), errors[0].message)
    s = data["scale"]
    if s["min"] >= s["max"]:
        _fail(source, "scale.max", f"must be above scale.min ({s['min']}); got {s['max']}.")
    if s["kind"] == "likert" and s["step"] != 1:
        _fail(source, "scale.step", f"a Likert scale moves in steps of 1; got {s['step']}.")
    for i, anchor in enumerate(s["anchors"]):
        if not s["min"] <= anchor["value"] <= s["max"]:
            _fail(source, f"scale.anchors[{i}].value", f"{anchor['value']} is outside the scale.")
    numbers = [item["number"] for item in data["items"]]
    if numbers != list(range(1, len(numbers) + 1)):
        _fail(source, "items", f"item numbers must run 1, 2, ... in order; got {numbers}.")
    subscales = tuple(data["scoring"]["subscales"])
    for i, item in enumerate(data["items"]):
        if subscales and item["subscale"] not in subscales:
            _fail(source, f"items[{i}].subscale", f"{item['subscale']!r} is not in {subscales}.")
        if data["teaching"]:
            missing = [p for p in data["perspectives"] if p not in (item["text"] or {})]
            if missing:
                _fail(source, f"items[{i}].text", f"teaching items need wording for {missing}.")
        elif item["text"] is not None:
            _fail(source, f"items[{i}].text", "structure-only definitions carry no item text.")
    components = data.get("components")
    item_subscales = list(dict.fromkeys(item["subscale"] for item in data["items"]))
    if data.get("measures", "alliance") == "alliance" and components is None:
        _fail(
            source,
            "components",
            "an alliance form names the part of the alliance (goal, task, bond or all) "
            f"each item subscale reflects; add components: for {item_subscales}.",
        )
    if components is not None:
        unnamed = [name for name in item_subscales if name not in components]
        if unnamed:
            _fail(source, "components", f"no component for the item subscale(s) {unnamed}.")
        extra = [name for name in components if name not in item_subscales]
        if extra:
            _fail(source, "components", f"{extra} is not an item subscale ({item_subscales}).")
    if data.get("session_rating") and not (
        data.get("measures", "alliance") == "alliance" and data["scoring"]["total"]
    ):
        _fail(
            source,
            "session_rating",
            "the session rating form gives each simulated session an alliance total; "
            "only an alliance form with a scored total can be it.",
        )
    if data["teaching"] and data.get("label") != TEACHING_LABEL:
        _fail(source, "label", f"teaching instruments must be labelled {TEACHING_LABEL!r}.")
    if not data["scoring"]["total"] and not subscales:
        _fail(source, "scoring", "at least one subscale or the total must be scored.")
    scored = subscales + (("total",) if data["scoring"]["total"] else ())
    cutoffs = []
    for i, c in enumerate(data["cutoffs"]):
        if c["scale"] not in scored:
            _fail(source, f"cutoffs[{i}].scale", f"{c['scale']!r} is not one of {scored}.")
        choices = tuple(c.get("comparisons", [c["comparison"]]))
        if c["comparison"] not in choices:
            _fail(source, f"cutoffs[{i}].comparison", f"must be one of {choices}.")
        cutoffs.append(
            Cutoff(c["value"], c["comparison"], c["meaning"], c["source"], c["scale"], choices)
        )
    change = data.get("reliable_change")
    if change and change["scale"] not in scored:
        _fail(source, "reliable_change.scale", f"{change['scale']!r} is not one of {scored}.")
    reliability = data.get("reliability")
    items = tuple(
        Item(
            it["number"],
            it["subscale"],
            it["reverse"],
            dict(it["text"]) if it["text"] else None,
            {k: tuple(v) for k, v in it["poles"].items()} if it.get("poles") else None,
        )
        for it in data["items"]
    )
    return Instrument(
        id=data["id"],
        name=data["name"],
        version=data["version"],
        teaching=data["teaching"],
        label=data.get("label", ""),
        perspectives=tuple(data["perspectives"]),
        scale=Scale(
            s["kind"], s["min"], s["max"], s["step"], {a["value"]: a["label"] for a in s["anchors"]}
        ),
        items=items,
        rule=data["scoring"]["rule"],
        subscales=subscales,
        has_total=data["scoring"]["total"],
        max_missing=data["missing"]["max_missing_per_scale"],
        missing_method=data["missing"]["method"],
        missing_rule=data["missing"]["description"],
        cutoffs=tuple(cutoffs),
        citation=data["citation"],
        licence=data["licence"],
        unconfirmed=tuple(data["unconfirmed"]),
        text_source="teaching items" if data["teaching"] else "none (structure only)",
        measures=data.get("measures", "alliance"),
        reliability=Reliability(**reliability) if reliability else None,
        reliable_change=ReliableChange(**change) if change else None,
        components=dict(components) if components else None,
        session_rating=data.get("session_rating", False),
    )


@cache
def _files():
    # The built-in files never change while Python runs: list the folder once, not on
    # every load (simulations and explorer redraws load instruments each time).
    folder = resources.files("alliance_lab.data.instruments")
    return {p.name[: -len(".yaml")]: p for p in folder.iterdir() if p.name.endswith(".yaml")}


@cache
def _archive():
    # Earlier versions: archive/<id>@<version>.yaml -> {(id, version): file}.
    folder = resources.files("alliance_lab.data.instruments").joinpath(ARCHIVE)
    if not folder.is_dir():
        return {}
    out = {}
    for path in folder.iterdir():
        if path.name.endswith(".yaml") and "@" in path.name:
            instrument_id, version = path.name[: -len(".yaml")].split("@", 1)
            out[(instrument_id, version)] = path
    return out


def _parse_file(path, name):
    # libyaml's safe loader where PyYAML has it: the same data, read ten times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_definition(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), name)


@cache
def _load_builtin(instrument_id):
    path = _files()[instrument_id]
    inst = _parse_file(path, path.name)
    if inst.id != instrument_id:
        _fail(path.name, "id", f"must match the file name ({instrument_id!r}); got {inst.id!r}.")
    return inst


@cache
def _load_archived(instrument_id, version):
    path = _archive()[(instrument_id, version)]
    name = f"{ARCHIVE}/{path.name}"
    inst = _parse_file(path, name)
    if (inst.id, inst.version) != (instrument_id, version):
        _fail(
            name,
            "id/version",
            f"must match the file name ({instrument_id}@{version}); got {inst.id}@{inst.version}.",
        )
    return inst


def versions(instrument_id):
    """The versions of a built-in instrument this toolkit can score, oldest first.

    The last one is the current definition.

    >>> versions("bordin-teaching")[0]
    '1.0'
    """
    current = load_instrument(instrument_id).version
    older = sorted({v for (i, v) in _archive() if i == instrument_id and v != current}, key=_order)
    return [*older, current]


def _order(version):
    return tuple(
        (0, int(p)) if p.isdigit() else (1, p) for p in version.replace("-", ".").split(".")
    )


def _version_text(version):
    if isinstance(version, str) and version.strip():
        return version.strip()
    if isinstance(version, int | np.integer) and not isinstance(version, bool):
        return str(int(version))
    if isinstance(version, float | np.floating) and np.isfinite(version):
        return str(float(version))  # 1.0 -> "1.0", as YAML files and saved answers write it
    fail(
        "version",
        allowed="a version text such as '1.0' (the 'version' column of saved answers)",
        given=show(version),
        fix="Leave version out for the current definition.",
    )


def _load_version(instrument_id, version):
    current = _load_builtin(instrument_id)
    if version == current.version:
        return current
    if (instrument_id, version) in _archive():
        return _load_archived(instrument_id, version)
    known = versions(instrument_id)
    listed = ", ".join(known[:-1] + [f"{known[-1]} (current)"])
    fail(
        f"the version of {instrument_id}",
        allowed=f"one this toolkit knows: {listed}",
        given=repr(version),
        fix="Answers given under another version were asked or keyed differently, so scoring "
        "them with another version's key would give wrong numbers. Update alliance_lab "
        "(a newer release may know that version), or keep only the rows whose version is "
        "known, for example data[data['version'] == "
        f"{known[-1]!r}].",
    )


def _apply_item_text(inst, path):
    path = Path(path)
    if not path.is_file():
        fail(
            "item_text",
            allowed="your own YAML file with the item wording",
            given=f"{str(path)!r}, which does not exist",
            fix="Check the file name and the folder it is in.",
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        _fail(path.name, "items", "expected a mapping of item number to wording.")
    wording = data["items"]
    known = {item.number for item in inst.items}
    unknown = sorted(set(map(str, wording)) - set(map(str, known)))
    if unknown:
        _fail(path.name, "items", f"{inst.id} has items 1 to {len(known)}; got {unknown}.")
    items = []
    for item in inst.items:
        text = wording.get(item.number, wording.get(str(item.number)))
        if text is None:
            _fail(path.name, f"items.{item.number}", "missing: every item needs its wording.")
        if isinstance(text, str):
            text = dict.fromkeys(inst.perspectives, text)
        if not isinstance(text, dict) or not all(isinstance(v, str) for v in text.values()):
            _fail(path.name, f"items.{item.number}", "give a text, or perspective: text pairs.")
        items.append(replace(item, text=dict(text)))
    return replace(inst, items=tuple(items), text_source="local file")


@renamed_keywords(instrument_id="instrument")
def load_instrument(instrument, *, version=None, item_text=None):
    """Load a built-in instrument definition by its id.

    Parameters
    ----------
    instrument : str
        One of the ids in ``list_instruments()``.
    version : str, optional
        An earlier version of the definition (default: the current one). Saved answers
        carry the version they were given under; ``al.score`` uses it to pick the key.
    item_text : str or path, optional
        Your own local YAML file with the official item wording of a structure-only
        instrument you hold a licence for: ``items: {1: "...", 2: "..."}`` (or, per item,
        ``{client: "...", therapist: "..."}``). The wording is kept in memory only: it is
        never copied into the package or into saved responses.

    Examples
    --------
    >>> inst = load_instrument("wai-sr")
    >>> inst.rule, inst.scales, inst.scale.max
    ('sum', ('goal', 'task', 'bond', 'total'), 5)
    >>> [item.number for item in inst.items_of("bond")]
    [3, 5, 7, 9]
    >>> load_instrument("bordin-teaching", version="1.0").version
    '1.0'
    >>> load_instrument("wai")
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: instrument must be one of 'arm-5', 'bond-partnership-teaching', 'bordin-teaching', 'haq-ii', 'ors', 'outcome-teaching', 'session-rating-teaching', 'srs', 'wai-sr'; got 'wai'. Did you mean 'wai-sr'?
    """  # noqa: E501
    if version is not None:
        version = _version_text(version)
    if isinstance(instrument, Instrument):
        inst = instrument
        if version is not None and version != inst.version:
            if inst.id not in _files():
                fail(
                    f"the version of {inst.id}",
                    allowed=f"{inst.version!r}, the version of the definition given",
                    given=repr(version),
                    fix="Load the definition of that version and pass it instead.",
                )
            inst = _load_version(inst.id, version)
    else:
        check_choice(instrument, "instrument", sorted(_files()))
        inst = _load_builtin(instrument) if version is None else None
        inst = inst or _load_version(instrument, version)
    return inst if item_text is None else _apply_item_text(inst, item_text)


@cache
def session_rating_form():
    """The built-in form whose file says ``session_rating: true``: the clinic's session rating.

    >>> session_rating_form().scale_range("total")
    (0, 40)
    """
    marked = [i for i in sorted(_files()) if _load_builtin(i).session_rating]
    if len(marked) != 1:
        raise ValueError(
            "Exactly one built-in instrument file must say session_rating: true (the simulated "
            f"clinic's session rating form); these do: {marked}."
        )
    return _load_builtin(marked[0])


def list_instruments():
    """Table of the built-in instruments.

    >>> table = list_instruments()
    >>> table.loc[table["id"] == "srs", ["kind", "n_items", "item_text"]].values.tolist()
    [['vas', 4, 'none (structure only)']]
    """
    rows = []
    for instrument_id in sorted(_files()):
        inst = load_instrument(instrument_id)
        rows.append(
            {
                "id": inst.id,
                "name": inst.name,
                "kind": inst.scale.kind,
                "n_items": len(inst.items),
                "measures": inst.measures,
                "perspectives": ", ".join(inst.perspectives),
                "item_text": inst.text_source,
            }
        )
    return pd.DataFrame(rows)
