"""A simulated caseload in small tables: trajectories by pattern, outcome by early alliance.

The charts of :mod:`alliance_lab.plots.caseload` draw these tables; a 300-client clinic
already has thousands of sessions, so they are aggregated here first.
"""

import numpy as np
import pandas as pd

__all__ = ["FIFTHS", "caseload_fifths", "pattern_trajectories"]

FIFTHS = ("weakest fifth", "2nd", "3rd", "4th", "strongest fifth")


def pattern_trajectories(result, *, clients_per_pattern=3):
    """Alliance over sessions for the first few clients of each pattern, plus the pattern mean.

    Returns a long table: ``pattern``, ``client`` (``"mean"`` for the pattern's mean
    over all its clients), ``session``, ``alliance``, ``dropped_out``.

    Examples
    --------
    >>> from alliance_lab.simulation import Scenario, simulate
    >>> table = pattern_trajectories(simulate(Scenario(n_clients=200)), clients_per_pattern=2)
    >>> sorted(table["client"].unique())[-1], table["pattern"].nunique()
    ('mean', 7)
    """
    clients = result.clients
    picked = clients.groupby("pattern", observed=True).head(clients_per_pattern)
    sessions = result.sessions.merge(clients[["client", "pattern", "dropped_out"]], on="client")
    sample = sessions[sessions["client"].isin(picked["client"])]
    sample = sample[["pattern", "client", "session", "alliance", "dropped_out"]].assign(
        client=lambda d: d["client"].astype(str)
    )
    means = (
        sessions.groupby(["pattern", "session"], observed=True)["alliance"]
        .mean()
        .reset_index()
        .assign(client="mean", dropped_out=False)
    )
    out = pd.concat([sample, means], ignore_index=True)
    out["pattern"] = out["pattern"].astype(str)
    return out


def caseload_fifths(result):
    """Dropout rate and mean outcome for each fifth of early alliance.

    Examples
    --------
    >>> from alliance_lab.simulation import Scenario, simulate
    >>> table = caseload_fifths(simulate(Scenario(n_clients=500)))
    >>> list(table.columns), len(table)
    (['fifth', 'dropout', 'outcome', 'clients'], 5)
    """
    clients = result.clients
    ranks = clients["early_alliance"].rank(method="first")
    fifth = pd.Series(
        np.minimum((5 * (ranks - 1) / len(clients)).astype(int), 4), index=clients.index
    )
    return (
        clients.assign(fifth=fifth.map(dict(enumerate(FIFTHS))))
        .groupby("fifth", sort=False)
        .agg(
            dropout=("dropped_out", "mean"),
            outcome=("outcome", "mean"),
            clients=("client", "size"),
        )
        .reindex(list(FIFTHS))
        .reset_index()
    )
