"""A small clinic whose alliance has a therapist part, and its two slopes by hand.

Shared by the tests of ``therapist_vs_client`` and of its chart.
"""

import numpy as np
import pandas as pd


def clients_with_a_therapist_part(seed=1):
    """20 therapists with 10 clients each; the outcome follows the therapist's part only."""
    rng = np.random.default_rng(seed)
    therapist = np.repeat(np.arange(20), 10)
    t_part = rng.normal(size=20)[therapist]
    alliance = 40 + 3 * t_part + rng.normal(size=200) * 2
    clients = pd.DataFrame({"therapist": therapist, "early_alliance": alliance})
    clients["outcome"] = 0.2 * t_part + rng.normal(size=200)
    return clients


def slopes_by_hand(clients):
    """(therapist slope, client slope): least squares of the outcome on the therapist's
    mean alliance and on the client's distance from it."""
    alliance = clients["early_alliance"]
    means = clients.groupby("therapist")["early_alliance"].transform("mean")
    X = np.column_stack([np.ones(len(clients)), means, alliance - means])
    beta = np.linalg.lstsq(X, clients["outcome"], rcond=None)[0]
    return beta[1], beta[2]
