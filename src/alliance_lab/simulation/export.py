"""Export a simulated clinic for other software (R, SPSS, jamovi, a spreadsheet)."""

from pathlib import Path

from .._atomic import replace_files
from .._validation import fail

__all__ = ["export_simulation"]

_CSV = {"encoding": "utf-8", "newline": ""}
_TEXT = {"encoding": "utf-8"}
FILES = ("clients.csv", "sessions.csv", "responses.csv", "scenario.json")


def export_simulation(result, out_dir):
    """Write ``clients.csv``, ``sessions.csv``, ``responses.csv`` and ``scenario.json``.

    True/false columns are written as ``True``/``False``; a client without a
    rupture has an empty ``rupture_session``. Reload the scenario with
    ``al.Scenario.from_json(path.read_text())`` and ``al.simulate`` gives the same
    tables again.

    Parameters
    ----------
    result : SimulationResult
    out_dir : str or Path
        Folder to write into; made if it does not exist. Existing files of the same
        names are replaced, all four together: if writing fails (a full disk), the
        folder keeps its old files, whole, and never a mix of two clinics.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from alliance_lab.simulation import Scenario, simulate
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = export_simulation(simulate(Scenario(n_clients=20, n_therapists=2)), folder)
    ...     [p.name for p in paths]
    ['clients.csv', 'sessions.csv', 'responses.csv', 'scenario.json']
    """
    if not all(hasattr(result, name) for name in ("clients", "sessions", "responses", "scenario")):
        fail(
            "result",
            allowed="the result of al.simulate (a SimulationResult)",
            given=type(result).__name__,
            fix="For example al.export_simulation(al.simulate(al.Scenario()), 'my_clinic').",
        )
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        fail(
            "out_dir",
            allowed="a folder (it is made if it does not exist)",
            given=f"the file {str(folder)!r}",
            fix="Choose a folder name, for example 'my_clinic'.",
        )
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "clients.csv": result.clients,
        "sessions.csv": result.sessions,
        "responses.csv": result.responses,
    }
    writers = {
        name: (lambda handle, table=table: table.to_csv(handle, index=False), _CSV)
        for name, table in tables.items()
    }
    scenario = result.scenario.to_json() + "\n"
    writers["scenario.json"] = (lambda handle: handle.write(scenario), _TEXT)
    return replace_files(folder, writers)
