"""Binder: environment.yml, the post-build step and the pins, checked without conda or Docker.

repo2docker builds the Binder image from ``.binder/`` (once that folder exists it
ignores configuration files elsewhere): ``.binder/environment.yml`` links to the
top-level ``environment.yml``, and ``.binder/postBuild`` installs the package
itself. The pins must name the same packages as ``pyproject.toml``, satisfy its
lower bounds, match what the tests ran with, and install together; the last is
checked by resolving them with pip in a fresh virtual environment.
"""

import json
import os
import re
import subprocess
import tomllib
import venv
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
ENVIRONMENT = REPO / "environment.yml"
BINDER = REPO / ".binder"
START = "notebooks/00_start_here.ipynb"
NETWORK_TROUBLE = re.compile(
    r"NewConnectionError|Network is unreachable|Temporary failure in name resolution|"
    r"Max retries exceeded|ProxyError|Could not fetch URL"
)


def _environment():
    return yaml.safe_load(ENVIRONMENT.read_text())


def _conda_pins():
    """``{canonical name: version}`` for every ``name==version`` entry except python and pip."""
    pins = {}
    for entry in _environment()["dependencies"]:
        assert isinstance(entry, str), f"unexpected entry {entry!r} (no pip: section is used)"
        name, _, pinned = entry.partition("==")
        if name in ("pip",) or name.startswith("python="):
            continue
        assert pinned, f"{entry!r} is not an exact pin (name==version)"
        pins[canonicalize_name(name)] = pinned
    return pins


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _runtime_requirements():
    reqs = [Requirement(r) for r in _pyproject()["project"]["dependencies"]]
    return {canonicalize_name(r.name): r for r in reqs}


def test_environment_uses_conda_forge_and_python_311():
    env = _environment()
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    assert "pip" in env["dependencies"]  # postBuild needs it
    assert SpecifierSet(_pyproject()["project"]["requires-python"]).contains("3.11")


def test_same_dependencies_as_pyproject():
    assert sorted(_conda_pins()) == sorted(_runtime_requirements())


def test_pins_satisfy_pyproject_lower_bounds():
    reqs = _runtime_requirements()
    outside = {n: v for n, v in _conda_pins().items() if not reqs[n].specifier.contains(v)}
    assert outside == {}


def test_pins_are_the_versions_the_tests_run_with():
    installed = {name: version(name) for name in _conda_pins()}
    assert _conda_pins() == installed, "update environment.yml to the tested versions"


def test_binder_folder_uses_the_top_level_environment():
    linked = BINDER / "environment.yml"
    assert linked.exists(), "repo2docker ignores ./environment.yml once .binder/ exists"
    assert linked.resolve() == ENVIRONMENT.resolve()


def test_post_build_installs_the_package():
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "postBuild must be executable"
    text = post_build.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    commands = [line.strip() for line in text.splitlines() if line and not line.startswith("#")]
    assert "set -euo pipefail" in commands
    # The dependencies come from environment.yml; only the package itself is installed here.
    assert "python -m pip install --no-deps ." in commands


def test_readme_badge_opens_the_start_notebook():
    readme = (REPO / "README.md").read_text()
    badge = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+", readme)
    assert badge, "the README has a Binder badge"
    assert badge.group(0).endswith(f"?urlpath=lab/tree/{START}")
    assert (REPO / START).exists()


@pytest.mark.slow
@pytest.mark.needs_index
def test_pins_install_together_in_a_fresh_environment(tmp_path):
    """Resolve every pin at once with pip in a new virtual environment (a dry run: nothing
    is installed, but pip must find one consistent set of wheels for Python 3.11)."""
    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    pins = [f"{name}=={v}" for name, v in sorted(_conda_pins().items())]
    report = tmp_path / "report.json"
    cmd = [
        str(python), "-m", "pip", "install", "--dry-run", "--quiet", "--no-input",
        "--only-binary=:all:", "--report", str(report), *pins,
    ]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and NETWORK_TROUBLE.search(result.stderr):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"package index unreachable:\n{result.stderr[-2000:]}")
        pytest.skip("the package index is unreachable; the pins were not resolved")
    assert result.returncode == 0, result.stderr[-3000:]
    chosen = {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    assert {name: chosen[name] for name in _conda_pins()} == _conda_pins()
