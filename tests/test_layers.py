"""One direction of imports: instruments -> simulation -> analysis -> plots -> widgets -> app.

Every module of the package is parsed with ``ast`` (nothing is imported), and every
``import`` and ``from ... import`` is checked, including the lazy ones inside
functions: a module may import its own layer and the layers before it, never a later
one. Simulation never imports analysis; nothing but the applications imports the
widgets.
"""

import ast
from pathlib import Path

import pytest

import alliance_lab

PACKAGE = Path(alliance_lab.__file__).parent

#: The layers in import order; a module may import only its own layer and earlier ones.
LAYERS = ("base", "instruments", "simulation", "analysis", "plots", "widgets", "app")

#: Where each module outside the six sub-packages belongs. A new top-level module must be
#: placed here (the test below fails until it is).
PLACED = {
    "_atomic": "base",
    "_csvfile": "base",
    "_missing": "base",
    "_renames": "base",
    "_validation": "base",
    "questions": "base",  # question files for the self-checks: data, read by widgets
    "theme": "base",  # colours and the Altair theme, used by plots and widgets
    "storage": "instruments",  # reads and writes response tables the instruments define
    "class_client": "instruments",  # fetches a class's responses into the same tables
    "notebook": "widgets",  # sets a notebook up (theme, renderer); only the apps import it
    "classroom": "app",  # the class-mode web server
}

#: Old addresses kept for one release; each may reach up for the names that moved.
OLD_ADDRESSES = {
    "alliance_lab.simulation.calibration": {"alliance_lab.analysis.calibration"},
}


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_package(path):
    return path.name == "__init__.py"


def imports_of(name, source, *, is_package=False):
    """Every alliance_lab module that module ``name`` imports in ``source``, with the line.

    Lazy imports inside functions count like the ones at the top.
    """
    package = name if is_package else name.rpartition(".")[0]
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from . import x`` imports the sub-module x; ``from .m import f`` imports m
            targets = [f"{module}.{a.name}" for a in node.names] if not node.module else [module]
        else:
            continue
        for target in targets:
            if target == "alliance_lab" or target.startswith("alliance_lab."):
                yield target, node.lineno


def layer_of(module):
    """The layer of a dotted module name inside alliance_lab (None for the package itself)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    top = parts[1]
    if top.startswith("__"):  # a name of the package itself (``from .. import __version__``)
        return None
    if top in LAYERS:
        return top
    if top not in PLACED:
        raise LookupError(f"{module}: place it in a layer (tests/test_layers.py, PLACED)")
    return PLACED[top]


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)


MODULES = _modules()


def test_every_module_has_a_layer():
    unplaced = []
    for path in MODULES:
        try:
            layer_of(_module_name(path))
        except LookupError as error:
            unplaced.append(str(error))
    assert not unplaced


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_imports_up_the_chain(path):
    name = _module_name(path)
    own = layer_of(name)
    if own is None:  # alliance_lab/__init__.py: the public names of every layer
        return
    allowed_up = OLD_ADDRESSES.get(name, set())
    wrong = [
        f"line {line}: {target} ({layer_of(target)})"
        for target, line in imports_of(
            name, path.read_text(encoding="utf-8"), is_package=_is_package(path)
        )
        if layer_of(target) is not None
        and LAYERS.index(layer_of(target)) > LAYERS.index(own)
        and not any(target == a or target.startswith(a + ".") for a in allowed_up)
    ]
    assert not wrong, f"{name} ({own}) imports a later layer: {wrong}"


def test_the_checker_sees_lazy_and_relative_imports():
    source = (
        "import numpy\n"
        "from .scenario import Scenario\n"
        "def f():\n"
        "    from ..analysis.outcome import correlation_ci\n"
        "    from .. import plots\n"
        "    import alliance_lab.widgets.explorer\n"
    )
    found = [t for t, _ in imports_of("alliance_lab.simulation.engine", source)]
    assert found == [
        "alliance_lab.simulation.scenario",
        "alliance_lab.analysis.outcome",
        "alliance_lab.plots",
        "alliance_lab.widgets.explorer",
    ]
    assert [layer_of(t) for t in found] == ["simulation", "analysis", "plots", "widgets"]
    package = imports_of("alliance_lab.plots", "from .outcome import x", is_package=True)
    assert [t for t, _ in package] == ["alliance_lab.plots.outcome"]


def test_old_addresses_still_answer():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from alliance_lab.simulation import calibration_report
    assert calibration_report is alliance_lab.calibration_report
    assert "alliance_lab.analysis.calibration" in str(caught[0].message)
    from alliance_lab.analysis.feedback import mark_problems, monitor

    assert mark_problems is alliance_lab.mark_problems
    assert monitor is alliance_lab.monitor
