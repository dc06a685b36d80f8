"""Export a simulated clinic for other software (R, SPSS, jamovi, a spreadsheet)."""

from pathlib import Path

__all__ = ["export_simulation"]

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
        names are replaced.

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
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"out_dir must be a folder; {str(folder)!r} is a file.")
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "clients.csv": result.clients,
        "sessions.csv": result.sessions,
        "responses.csv": result.responses,
    }
    paths = []
    for name, table in tables.items():
        table.to_csv(folder / name, index=False)
        paths.append(folder / name)
    (folder / "scenario.json").write_text(result.scenario.to_json() + "\n", encoding="utf-8")
    paths.append(folder / "scenario.json")
    return paths
