"""Can this installation draw charts and show widgets? A check a learner can run.

``al.check_setup()`` in a notebook cell, or ``alliance-lab check-setup`` in a
terminal, looks at the pieces that blank charts and missing sliders usually come
down to, and says in plain words what is wrong and what to do about it.
"""

import html
import importlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass

__all__ = ["SetupCheck", "SetupReport", "check_setup"]

#: The installed toolkit whose declared dependencies (pyproject.toml, read back from the
#: package metadata) give the versions each check asks for.
DISTRIBUTION = "alliance_lab"

#: The other packages the toolkit needs: (check name, distribution, module, what fails).
#: This module imports none of them itself, so it can report each one that is missing.
CORE = (
    ("numpy", "numpy", "numpy", "nothing can be computed"),
    ("pandas (tables)", "pandas", "pandas", "no table can be read or scored"),
    ("SciPy", "scipy", "scipy", "confidence intervals and reliability cannot be computed"),
    ("PyYAML (definitions)", "pyyaml", "yaml", "questionnaires and self-checks cannot be read"),
    ("jsonschema", "jsonschema", "jsonschema", "questionnaire definitions cannot be checked"),
    ("statsmodels", "statsmodels", "statsmodels", "dropout and outcome analyses cannot run"),
)

_REINSTALL = (
    "Reinstall the toolkit's dependencies: run `make lab` again from the project folder, "
    "or `pip install --upgrade {what}`, then restart JupyterLab."
)


@dataclass(frozen=True)
class SetupCheck:
    """One check: what was looked at, whether it is fine, and what to do if not."""

    name: str
    ok: bool
    message: str
    fix: str = ""


@dataclass(frozen=True)
class SetupReport:
    """The result of :func:`check_setup`: a tuple of :class:`SetupCheck`."""

    checks: tuple

    @property
    def ok(self):
        """True when every check passed."""
        return all(check.ok for check in self.checks)

    @property
    def problems(self):
        """The checks that failed."""
        return tuple(check for check in self.checks if not check.ok)

    def __str__(self):
        lines = []
        for check in self.checks:
            lines.append(f"[{'ok' if check.ok else 'PROBLEM'}] {check.name}: {check.message}")
            if not check.ok and check.fix:
                lines.append(f"      What to do: {check.fix}")
        lines.append(
            "All set: charts and widgets should work."
            if self.ok
            else f"{len(self.problems)} problem(s) found; see 'What to do' above."
        )
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        rows = []
        for check in self.checks:
            mark = (
                '<span style="color:#009E73">&#10004; ok</span>'
                if check.ok
                else '<span style="color:#D55E00">&#10008; problem</span>'
            )
            fix = f"<br><b>What to do:</b> {html.escape(check.fix)}" if not check.ok else ""
            rows.append(
                f"<tr><td style='white-space:nowrap'>{mark}</td>"
                f"<td style='text-align:left'><b>{html.escape(check.name)}</b></td>"
                f"<td style='text-align:left'>{html.escape(check.message)}{fix}</td></tr>"
            )
        summary = (
            "All set: charts and widgets should work."
            if self.ok
            else f"{len(self.problems)} problem(s) found: follow <b>What to do</b>."
        )
        return (
            "<div class='alliance-lab-setup-check'><table>"
            "<thead><tr><th></th><th style='text-align:left'>Check</th>"
            "<th style='text-align:left'>Result</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p>{summary}</p></div>"
        )


def _version(distribution):
    """Installed version of ``distribution``, or None."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _importable(module):
    try:
        importlib.import_module(module)
    except Exception:  # a broken install can raise anything on import
        return False
    return True


def _requirements():
    """The toolkit's declared dependencies: canonical name -> ``SpecifierSet``.

    Read from the installed package's metadata (``importlib.metadata.requires``), so
    the versions checked here are the ones pyproject.toml declares. Dependencies
    that do not apply to this platform (environment markers) are left out; so is
    everything when the toolkit itself is not installed.
    """
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    try:
        declared = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    out = {}
    for line in declared:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            out[canonicalize_name(requirement.name)] = requirement.specifier
    return out


def _needed(specifier):
    """``SpecifierSet(">=6.0")`` reads "6.0 or newer"; anything else is shown as written."""
    (*bounds,) = specifier
    if len(bounds) == 1 and bounds[0].operator == ">=":
        return f"{bounds[0].version} or newer"
    return str(specifier)


def _satisfies(version, specifier):
    """Whether ``version`` meets ``specifier`` (pre-releases of a new enough version count)."""
    from packaging.version import InvalidVersion, Version

    try:
        return specifier.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return False


def _labextension_dirs():
    try:
        from jupyter_core.paths import jupyter_path
    except Exception:  # noqa: BLE001 - no Jupyter at all: no extension can be found
        return []
    return [d for d in jupyter_path("labextensions") if os.path.isdir(d)]


def _python_version():
    return sys.version_info[:3]


def _python_requirement():
    """``Requires-Python`` of the installed toolkit (pyproject's requires-python), or None."""
    from packaging.specifiers import SpecifierSet

    try:
        declared = importlib.metadata.metadata(DISTRIBUTION).get("Requires-Python")
    except importlib.metadata.PackageNotFoundError:
        return None
    return SpecifierSet(declared) if declared else None


def _python_check():
    python_text = ".".join(map(str, _python_version()))
    specifier = _python_requirement()
    if specifier is None or _satisfies(python_text, specifier):
        return SetupCheck("Python", True, f"version {python_text}.")
    needed = _needed(specifier)
    return SetupCheck(
        "Python",
        False,
        f"version {python_text} {_verdict(specifier)}; the toolkit needs {needed}.",
        f"Install Python {needed} and create the environment again (`make lab`).",
    )


def _verdict(specifier):
    return "is too old" if _needed(specifier).endswith("or newer") else "is not supported"


def _package_check(name, distribution, module, purpose):
    from packaging.utils import canonicalize_name

    version = _version(distribution)
    specifier = _requirements().get(canonicalize_name(distribution))
    fix = _REINSTALL.format(what=f"'{distribution}{specifier}'" if specifier else distribution)
    if version is None or not _importable(module):
        return SetupCheck(name, False, f"{distribution} is not installed, so {purpose}.", fix)
    if specifier and not _satisfies(version, specifier):
        return SetupCheck(
            name,
            False,
            f"version {version} {_verdict(specifier)} (need {_needed(specifier)}): {purpose}.",
            fix,
        )
    return SetupCheck(name, True, f"version {version} is installed.")


def _renderer_check():
    try:
        import altair as alt
    except Exception:  # noqa: BLE001 - reported by the Altair check
        return SetupCheck(
            "Chart renderer",
            False,
            "cannot be chosen while Altair is missing.",
            "Install Altair first (see above), then run al.setup_notebook().",
        )
    name, options = alt.renderers.active, alt.renderers.options
    if name == "jupyter" and options.get("offline"):
        return SetupCheck(
            "Chart renderer", True, "offline: charts draw without an internet connection."
        )
    if name == "html":
        return SetupCheck(
            "Chart renderer", True, "static HTML, for the read-only site (no widgets)."
        )
    return SetupCheck(
        "Chart renderer",
        False,
        f"Altair's '{name}' renderer is active; it fetches its code from the internet, so "
        "charts can stay blank.",
        "Run `import alliance_lab as al` and then `al.setup_notebook()` in the first cell "
        "of the notebook.",
    )


def _extension_check(name, folder, what):
    found = [d for d in _labextension_dirs() if os.path.isdir(os.path.join(d, *folder.split("/")))]
    if found:
        return SetupCheck(name, True, f"JupyterLab can load it (found in {found[0]}).")
    return SetupCheck(
        name,
        False,
        f"JupyterLab's part of {what} is missing, so {what} show as plain text or "
        "'Error displaying widget'.",
        _REINSTALL.format(what=what.split()[0]) + " Check that the notebook's kernel and "
        "JupyterLab come from the same environment (Kernel > Change Kernel).",
    )


def check_setup():
    """Check that this installation can draw the toolkit's charts and widgets.

    Returns
    -------
    SetupReport
        One :class:`SetupCheck` per item (Python, Altair, the chart renderer, the
        offline chart code, anywidget, ipywidgets, and the JupyterLab side of
        widgets); ``report.ok`` is True when all passed. In a notebook it shows as
        a table; ``print(report)`` gives the same in plain text.

    Examples
    --------
    >>> import alliance_lab as al
    >>> al.setup_notebook()
    >>> report = check_setup()
    >>> [c.name for c in report.checks][:3]
    ['Python', 'Altair (charts)', 'Chart renderer']
    >>> report.ok
    True
    """
    checks = [
        _python_check(),
        _package_check("Altair (charts)", "altair", "altair", "charts cannot be drawn"),
        _renderer_check(),
        _package_check(
            "Offline chart code",
            "vl-convert-python",
            "vl_convert",
            "charts need an internet connection to draw",
        ),
        _package_check(
            "anywidget", "anywidget", "anywidget", "charts cannot draw inside notebooks"
        ),
        _package_check("ipywidgets", "ipywidgets", "ipywidgets", "sliders and buttons cannot work"),
        _package_check(
            "JupyterLab widgets package",
            "jupyterlab_widgets",
            "jupyterlab_widgets",
            "JupyterLab cannot show sliders and buttons",
        ),
        _extension_check(
            "Widgets in JupyterLab", "@jupyter-widgets/jupyterlab-manager", "ipywidgets controls"
        ),
        _extension_check("Charts in JupyterLab", "anywidget", "anywidget charts"),
        *(_package_check(*row) for row in CORE),
    ]
    return SetupReport(tuple(checks))
