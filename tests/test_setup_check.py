"""The installation self-check: each kind of breakage is named, with what to do."""

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import altair as alt
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

import alliance_lab as al
from alliance_lab.app import setup_check
from alliance_lab.app.cli import main as cli

ROOT = Path(__file__).parents[1]


@pytest.fixture(autouse=True)
def _offline_renderer():
    al.setup_notebook()
    yield
    al.setup_notebook()


def _by_name(report):
    return {check.name: check for check in report.checks}


def test_healthy_installation_passes():
    report = al.check_setup()
    assert report.ok and report.problems == ()
    assert len(report.checks) == 15
    assert str(report).endswith("All set: charts and widgets should work.")
    assert report._repr_html_().count("&#10004; ok") == 15


def test_missing_vl_convert_is_reported_with_a_fix(monkeypatch):
    real = setup_check._version
    monkeypatch.setattr(
        setup_check, "_version", lambda d: None if d == "vl-convert-python" else real(d)
    )
    report = al.check_setup()
    assert not report.ok
    (problem,) = report.problems
    assert problem.name == "Offline chart code"
    assert "need an internet connection" in problem.message
    assert "pip install --upgrade 'vl-convert-python>=1.6'" in problem.fix
    assert "What to do: Reinstall" in str(report)
    assert "&#10008; problem" in report._repr_html_()


def test_broken_import_counts_as_missing(monkeypatch):
    real = setup_check._importable
    monkeypatch.setattr(setup_check, "_importable", lambda m: m != "anywidget" and real(m))
    assert [c.name for c in al.check_setup().problems] == ["anywidget"]


def test_too_old_altair(monkeypatch):
    real = setup_check._version
    monkeypatch.setattr(setup_check, "_version", lambda d: "5.4.1" if d == "altair" else real(d))
    (problem,) = al.check_setup().problems
    assert problem.message.startswith("version 5.4.1 is too old (need 6.0 or newer)")


def test_online_renderer_is_flagged():
    alt.renderers.enable("default")
    (problem,) = al.check_setup().problems
    assert problem.name == "Chart renderer"
    assert "'default'" in problem.message
    assert "al.setup_notebook()" in problem.fix


def test_jupyter_renderer_without_offline_is_flagged():
    alt.renderers.enable("jupyter")
    assert [c.name for c in al.check_setup().problems] == ["Chart renderer"]


def test_static_renderer_is_fine():
    al.setup_notebook(static=True)
    assert _by_name(al.check_setup())["Chart renderer"].ok


def test_missing_lab_extensions(monkeypatch, tmp_path):
    monkeypatch.setattr(setup_check, "_labextension_dirs", lambda: [str(tmp_path)])
    report = al.check_setup()
    names = [c.name for c in report.problems]
    assert names == ["Widgets in JupyterLab", "Charts in JupyterLab"]
    assert "Error displaying widget" in report.problems[0].message
    assert "same environment" in report.problems[0].fix
    # Only the widget manager present: the chart side still missing.
    (tmp_path / "@jupyter-widgets" / "jupyterlab-manager").mkdir(parents=True)
    assert [c.name for c in al.check_setup().problems] == ["Charts in JupyterLab"]


def test_old_python(monkeypatch):
    monkeypatch.setattr(setup_check, "_python_version", lambda: (3, 9, 18))
    (problem,) = al.check_setup().problems
    assert problem.message == "version 3.9.18 is too old; the toolkit needs 3.11 or newer."


def test_versions_checked_are_the_ones_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            declared[canonicalize_name(requirement.name)] = requirement.specifier
    assert setup_check._requirements() == declared
    assert setup_check._python_requirement() == SpecifierSet(project["requires-python"])


def test_a_raised_bound_in_the_metadata_is_what_the_check_asks_for(monkeypatch):
    real = importlib.metadata.requires
    raised = ["altair>=99.1", "numpy<2,>=1.20", "uvloop>=0.19; sys_platform == 'nowhere'"]
    monkeypatch.setattr(
        importlib.metadata, "requires", lambda d: raised if d == "alliance_lab" else real(d)
    )
    problems = _by_name(al.check_setup())
    assert "is too old (need 99.1 or newer)" in problems["Altair (charts)"].message
    assert "'altair>=99.1'" in problems["Altair (charts)"].fix
    assert "is not supported (need <2,>=1.20)" in problems["numpy"].message
    assert setup_check._requirements().keys() == {"altair", "numpy"}  # marker not met: left out


def test_version_comparison_reads_pre_and_post_releases():
    at_least = SpecifierSet(">=8.1")
    assert setup_check._satisfies("8.1.0.post1", at_least)
    assert setup_check._satisfies("8.2rc2", at_least)
    assert not setup_check._satisfies("8.1rc2", at_least)  # a pre-release comes before 8.1
    assert not setup_check._satisfies("not-a-version", at_least)


def test_command_line_exit_status(monkeypatch, capsys):
    assert cli(["check-setup"]) == 0
    assert "All set" in capsys.readouterr().out
    monkeypatch.setattr(setup_check, "_labextension_dirs", lambda: [])
    assert cli(["check-setup"]) == 1
    assert "[PROBLEM] Widgets in JupyterLab" in capsys.readouterr().out


def test_command_line_lists_notebooks(capsys):
    assert cli(["present"]) == 0
    assert "00_start_here.ipynb" in capsys.readouterr().out


# --- the check runs, and names each missing package, when packages are missing ----------------

BLOCKING = """
import sys

BLOCKED = set(sys.argv[1].split(","))


class Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, Missing())
for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]
"""

CHECK = (
    BLOCKING
    + """
from alliance_lab.app.cli import main

status = main(["check-setup"])
import alliance_lab as al

print("in a notebook:", type(al.check_setup()).__name__)
try:
    al.score
except ImportError as error:
    print("al.score:", error)
sys.exit(status)
"""
)


def test_command_line_reports_every_missing_package_without_a_traceback():
    # A separate Python, in which these packages cannot be imported: the situation the check
    # exists for. (One process for all of them: importing the toolkit takes a few seconds.)
    blocked = ["altair", "ipywidgets", "anywidget", "vl_convert", "yaml", "statsmodels"]
    done = subprocess.run(
        [sys.executable, "-c", CHECK, ",".join(blocked)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    for name in [
        "Altair (charts)",
        "ipywidgets",
        "anywidget",
        "Offline chart code",
        "PyYAML (definitions)",
        "statsmodels",
    ]:
        assert f"[PROBLEM] {name}: " in out, out
    assert "[PROBLEM] Chart renderer: cannot be chosen while Altair is missing." in out
    assert "pyyaml is not installed, so questionnaires and self-checks cannot be read." in out
    assert "statsmodels is not installed, so dropout and outcome analyses cannot run." in out
    assert "[ok] pandas (tables)" in out and "All set" not in out
    assert "in a notebook: SetupReport" in out
    assert "al.score: alliance_lab cannot provide 'score': " in out
    assert "Run al.check_setup() in a cell, or `alliance-lab check-setup`" in out


def test_missing_statsmodels_is_no_longer_all_set(monkeypatch):
    real = setup_check._importable
    monkeypatch.setattr(setup_check, "_importable", lambda m: m != "statsmodels" and real(m))
    (problem,) = al.check_setup().problems
    assert problem.name == "statsmodels"
    assert "pip install --upgrade 'statsmodels>=" in problem.fix


def test_other_commands_name_a_missing_package_without_a_traceback(tmp_path):
    code = (
        BLOCKING
        + """
from alliance_lab.app.cli import main

sys.exit(main(["simulate", "--clients", "20", "--out", sys.argv[2]]))
"""
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "pandas", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("alliance-lab simulate: pandas cannot be imported (")
    assert "Run `alliance-lab check-setup` to see what is missing" in done.stderr
