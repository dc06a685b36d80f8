"""Scenarios written as short text (JSON or one line of Python) and read back safely.

The short form keeps only the settings that differ from the defaults, so a shared
scenario fits in a chat message or on a slide. Reading never runs the text: the Python
form is taken apart with :mod:`ast` and only literal values are accepted.
"""

import ast
import dataclasses
import json

__all__ = ["parse_scenario_text", "scenario_to_python", "short_json"]


def _mapping(scenario):
    if hasattr(scenario, "to_json"):
        return json.loads(scenario.to_json())
    return json.loads(json.dumps(dataclasses.asdict(scenario)))


def _defaults(cls):
    try:
        return _mapping(cls())
    except (TypeError, ValueError):  # no default for some field: share everything
        return {}


def short_json(scenario):
    """The settings of ``scenario`` that differ from the defaults, as compact JSON.

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True)
    ... class Demo:
    ...     n: int = 10
    ...     p: float = 0.5
    >>> short_json(Demo(n=20))
    '{"n":20}'
    """
    full, defaults = _mapping(scenario), _defaults(type(scenario))
    short = {k: v for k, v in full.items() if k not in defaults or defaults[k] != v}
    return json.dumps(short, separators=(",", ":"), ensure_ascii=False)


def scenario_to_python(scenario):
    """One line of Python that rebuilds ``scenario`` after ``import alliance_lab as al``."""
    name = type(scenario).__name__
    text = short_json(scenario)
    if hasattr(type(scenario), "from_json"):
        return f"al.{name}.from_json({text!r})"
    args = ", ".join(f"{k}={v!r}" for k, v in json.loads(text).items())
    return f"al.{name}({args})"


def _from_python(text, name):
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as error:
        raise ValueError(
            f"This is neither JSON nor a line like al.{name}.from_json('...'): {error.msg}."
        ) from None
    if not isinstance(tree, ast.Call):
        raise ValueError(f"Expected JSON or a line like al.{name}.from_json('...').")
    func = ast.unparse(tree.func)
    try:
        if func.endswith(".from_json") and len(tree.args) == 1 and not tree.keywords:
            return _from_json_text(ast.literal_eval(tree.args[0]))
        if func.split(".")[-1] == name and not tree.args:
            return {kw.arg: ast.literal_eval(kw.value) for kw in tree.keywords}
    except ValueError as error:
        if "malformed node" in str(error):
            raise ValueError("Only plain values (numbers, text, lists) can be loaded.") from None
        raise
    raise ValueError(
        f"Expected al.{name}.from_json('...') or al.{name}(setting=value, ...); got {func}(...)."
    )


def _from_json_text(text):
    if not isinstance(text, str):
        raise ValueError("from_json needs the scenario as text in quotes.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"The scenario is not valid JSON ({error.msg} at character {error.pos})."
        ) from None


def parse_scenario_text(text, cls):
    """Read a scenario of class ``cls`` from JSON or from one line of Python, never running it.

    Settings left out keep their default value. Raises ``ValueError`` with a
    message a student can act on when the text is malformed, names an unknown
    setting, or gives a value the scenario refuses.

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True)
    ... class Demo:
    ...     n: int = 10
    ...     p: float = 0.5
    >>> parse_scenario_text('{"n": 20}', Demo)
    Demo(n=20, p=0.5)
    >>> parse_scenario_text("al.Demo(p=0.25)", Demo)
    Demo(n=10, p=0.25)
    >>> parse_scenario_text('{"size": 3}', Demo)
    Traceback (most recent call last):
    ...
    ValueError: Unknown setting 'size'. A Demo has: n, p.
    """
    name = cls.__name__
    text = (text or "").strip()
    if not text:
        raise ValueError("The box is empty: paste a shared scenario first.")
    data = _from_json_text(text) if text.startswith("{") else _from_python(text, name)
    if not isinstance(data, dict):
        raise ValueError('A scenario is written as {"setting": value, ...} in curly braces.')
    known = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in known:
            raise ValueError(f"Unknown setting {key!r}. A {name} has: {', '.join(known)}.")
    try:
        if hasattr(cls, "from_json"):
            return cls.from_json(json.dumps({**_defaults(cls), **data}))
        defaults = _defaults(cls)
        return dataclasses.replace(cls(), **data) if defaults else cls(**data)
    except TypeError as error:
        raise ValueError(f"This scenario cannot be built: {error}.") from None
