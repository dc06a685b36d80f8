"""Rehearsal: fill a round with simulated students, so a lecturer can try the flow alone.

The answers come from ``alliance_lab.simulation.raters.simulate_raters`` (the simulated
clinic's answer model) and are stored like real ones, each simulated student with a
device of its own.
"""

from .store import device_hash

__all__ = ["rehearse"]

MAX_STUDENTS = 2000


def rehearse(store, session, instrument, *, round, n_students, groups=None, seed=None):
    """Store ``n_students`` simulated forms in round ``round``; return how many."""
    from ..simulation.raters import simulate_raters  # the simulation layer, loaded on use

    table = simulate_raters(
        instrument, n_raters=n_students, round=round, n_groups=groups, seed=seed
    )
    forms = []
    for respondent, rows in table.groupby("respondent", sort=False):
        first = rows.iloc[0]
        group = first["group"]
        group = None if group is None or group != group else int(group)  # NaN -> None
        perspective = str(first["perspective"])
        if perspective not in instrument.perspectives:
            raise ValueError(
                f"the simulated student {respondent!r} sits in the {perspective!r} chair, which "
                f"{instrument.id} has no wording for."
            )
        responses = {int(i): float(r) for i, r in zip(rows["item"], rows["response"], strict=True)}
        device = device_hash(f"rehearsal:{session['code']}:{seed}:{respondent}")
        forms.append((device, group, perspective, responses))
    return store.save_many(session_id=session["id"], round=round, forms=forms)
