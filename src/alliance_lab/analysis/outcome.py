"""Alliance and outcome: a correlation with its interval, many studies, and what shrinks r.

References: Fisher's z for intervals and pooling; Spearman (1904) for attenuation by
unreliable measurement; Spearman-Brown for averaging sessions; Baldwin, Wampold & Imel
(2007) for splitting the alliance into a therapist part and a client part.
"""

import dataclasses

import numpy as np
import pandas as pd

__all__ = [
    "attenuated_correlation",
    "correlation_ci",
    "measurement_shrinkage",
    "pooled_correlation",
    "simulate_studies",
    "spearman_brown",
    "therapist_vs_client",
]


def correlation_ci(x, y, *, level=0.95):
    """Pearson's r with a confidence interval from Fisher's z transformation.

    Returns
    -------
    Series
        ``r, ci_low, ci_high, n``.

    Examples
    --------
    >>> out = correlation_ci([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    >>> [round(float(out[k]), 2) for k in ("r", "ci_low", "ci_high")]
    [0.8, -0.28, 0.99]
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) != len(y) or len(x) < 4:
        raise ValueError(
            f"x and y must be the same length with at least 4 pairs; got {len(x)} and {len(y)}."
        )
    from scipy.stats import norm  # scipy is loaded on the first call, not on import

    r = float(np.corrcoef(x, y)[0, 1])
    half = norm.ppf(0.5 + level / 2) / np.sqrt(len(x) - 3)
    z = np.arctanh(r)
    return pd.Series(
        {"r": r, "ci_low": np.tanh(z - half), "ci_high": np.tanh(z + half), "n": float(len(x))}
    )


def simulate_studies(r, *, n_studies=295, median_n=60, spread=0.8, seed=None):
    """Many studies of the same true correlation, each with a realistic sample size.

    Each study draws ``n`` clients from a population in which alliance and outcome
    correlate ``r`` (bivariate normal) and reports its own r. Sample sizes follow a
    log-normal distribution with median ``median_n`` (between 15 and 1,000): a
    teaching choice resembling the mix of small and large studies in meta-analyses
    such as Flückiger et al. (2018; 295 studies, more than 30,000 clients).

    Returns
    -------
    DataFrame
        ``study, n, r, ci_low, ci_high`` (95 % intervals).

    Examples
    --------
    >>> studies = simulate_studies(0.278, n_studies=5, seed=1)
    >>> list(studies.columns), len(studies)
    (['study', 'n', 'r', 'ci_low', 'ci_high'], 5)
    """
    if not -1 < r < 1:
        raise ValueError(f"r must lie between -1 and 1; got {r!r}.")
    rng = np.random.default_rng(seed)
    sizes = np.clip(np.round(rng.lognormal(np.log(median_n), spread, n_studies)), 15, 1000)
    rows = []
    for study, n in enumerate(sizes.astype(int), 1):
        a = rng.standard_normal(n)
        b = r * a + np.sqrt(1 - r**2) * rng.standard_normal(n)
        rows.append({"study": study, **correlation_ci(a, b).drop("n").to_dict(), "n": n})
    return pd.DataFrame(rows)[["study", "n", "r", "ci_low", "ci_high"]]


def pooled_correlation(studies, *, level=0.95):
    """Fixed-effect pooled r: Fisher's z of each study weighted by n - 3.

    Examples
    --------
    >>> studies = pd.DataFrame({"r": [0.2, 0.4], "n": [53, 103]})
    >>> round(float(pooled_correlation(studies)["r"]), 3)
    0.336
    """
    from scipy.stats import norm

    z = np.arctanh(studies["r"].to_numpy(float))
    w = studies["n"].to_numpy(float) - 3
    mean = np.sum(w * z) / np.sum(w)
    half = norm.ppf(0.5 + level / 2) / np.sqrt(np.sum(w))
    return pd.Series(
        {
            "r": np.tanh(mean),
            "ci_low": np.tanh(mean - half),
            "ci_high": np.tanh(mean + half),
            "k": float(len(studies)),
            "n": float(studies["n"].sum()),
        }
    )


def attenuated_correlation(r, reliability_x, reliability_y=1.0):
    """The correlation one expects to observe when measures are unreliable (Spearman 1904).

    Examples
    --------
    >>> round(float(attenuated_correlation(0.30, 0.64)), 3)
    0.24
    """
    for name, rel in (("reliability_x", reliability_x), ("reliability_y", reliability_y)):
        if not 0 <= rel <= 1:
            raise ValueError(f"{name} must lie between 0 and 1; got {rel!r}.")
    return float(r * np.sqrt(reliability_x * reliability_y))


def spearman_brown(reliability, k):
    """Reliability of the mean of ``k`` parallel measurements (e.g. k sessions).

    Examples
    --------
    >>> round(spearman_brown(0.7, 3), 3)
    0.875
    """
    return float(k * reliability / (1 + (k - 1) * reliability))


def measurement_shrinkage(scenario, *, simulate=None):
    """The same clients, the alliance measured in five ways: how large is r each time?

    Every variant uses the scenario's seed, so the clients, their true alliance
    and their outcomes stay the same; only the measurement changes.

    Returns
    -------
    DataFrame
        ``measure, r, ci_low, ci_high, n`` in a teaching order.
    """
    if simulate is None:
        from ..simulation import simulate
    base = simulate(scenario)

    def r_of(result, values, label):
        outcome = result.clients.set_index("client")["outcome"]
        out = correlation_ci(values.reindex(outcome.index), outcome)
        return {"measure": label, **out.to_dict()}

    s = base.sessions
    early = s[s["session"] <= 3]
    latent = early.assign(mean=early[["goal", "task", "bond"]].mean(axis=1))
    rows = [
        r_of(base, latent.groupby("client")["mean"].mean(), "true alliance (no measurement error)"),
        r_of(base, early.groupby("client")["alliance"].mean(), "questionnaire, sessions 1-3"),
        r_of(
            base, s[s["session"] == 1].set_index("client")["alliance"], "questionnaire, session 1"
        ),
    ]
    noisy = simulate(dataclasses.replace(scenario, answer_noise=5.0))
    e = noisy.sessions[noisy.sessions["session"] <= 3]
    rows.append(r_of(noisy, e.groupby("client")["alliance"].mean(), "very noisy answers"))
    capped = simulate(dataclasses.replace(scenario, ceiling=0.99))
    e = capped.sessions[capped.sessions["session"] <= 3]
    rows.append(r_of(capped, e.groupby("client")["alliance"].mean(), "most answers at the top"))
    return pd.DataFrame(rows)


def therapist_vs_client(clients, *, alliance="early_alliance", outcome="outcome", level=0.95):
    """Split the alliance into a therapist part and a client part; regress outcome on both.

    The therapist part is the mean alliance of the therapist's clients; the client
    part is each client's distance from their therapist's mean (Baldwin, Wampold &
    Imel 2007). Slopes are in outcome units per alliance point, with intervals
    robust to clients sharing a therapist (cluster-robust standard errors).

    Returns
    -------
    DataFrame
        ``part ("therapist", "client"), slope, ci_low, ci_high, p``.
    """
    missing = [c for c in ("therapist", alliance, outcome) if c not in clients.columns]
    if missing:
        raise ValueError(f"therapist_vs_client needs the columns {missing}.")
    data = clients[["therapist", alliance, outcome]].dropna()
    between = data.groupby("therapist")[alliance].transform("mean")
    import statsmodels.api as sm  # slow to import: load on use

    X = sm.add_constant(pd.DataFrame({"therapist": between, "client": data[alliance] - between}))
    fit = sm.OLS(data[outcome].to_numpy(float), X).fit(
        cov_type="cluster", cov_kwds={"groups": data["therapist"].to_numpy()}
    )
    ci = fit.conf_int(alpha=1 - level)
    return pd.DataFrame(
        {
            "part": ["therapist", "client"],
            "slope": fit.params[["therapist", "client"]].to_numpy(),
            "ci_low": ci.loc[["therapist", "client"], 0].to_numpy(),
            "ci_high": ci.loc[["therapist", "client"], 1].to_numpy(),
            "p": fit.pvalues[["therapist", "client"]].to_numpy(),
        }
    )
