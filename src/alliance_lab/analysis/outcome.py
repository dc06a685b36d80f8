"""Alliance and outcome: a correlation with its interval, many studies, and what shrinks r.

References: Fisher's z for intervals (through ``scipy.stats.pearsonr``); a random-effects
meta-analysis (``statsmodels.stats.meta_analysis``) with the prediction interval of
Higgins, Thompson & Spiegelhalter (2009); Spearman (1904) for attenuation by
unreliable measurement; Spearman-Brown for averaging sessions; Baldwin, Wampold & Imel
(2007) for splitting the alliance into a therapist part and a client part.
"""

import dataclasses

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table
from .between_within import between_within_slopes

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

    Both come from ``scipy.stats.pearsonr(x, y).confidence_interval(level)``.

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
    if not 0 < level < 1:
        raise ValueError(f"level is a confidence level between 0 and 1 (e.g. 0.95); got {level!r}.")
    from scipy.stats import pearsonr  # scipy is loaded on the first call, not on import

    result = pearsonr(x, y)
    ci = result.confidence_interval(confidence_level=level)
    return pd.Series(
        {"r": float(result.statistic), "ci_low": ci.low, "ci_high": ci.high, "n": float(len(x))}
    )


def simulate_studies(r, *, n_studies=295, median_n=60, spread=0.8, seed=2024):
    """Many studies of the same true correlation, each with a realistic sample size.

    Each study draws ``n`` clients from a population in which alliance and outcome
    correlate ``r`` (bivariate normal) and reports its own r. Sample sizes follow a
    log-normal distribution with median ``median_n`` (between 15 and 1,000): a
    teaching choice resembling the mix of small and large studies in meta-analyses
    such as Flückiger et al. (2018; 295 studies, more than 30,000 clients).

    Each study's 95 % interval is the one a meta-analysis gives it (Fisher's z with
    variance ``1 / (n - 3)``, as ``scipy.stats.pearsonr`` and ``pooled_correlation`` use),
    taken from the per-study rows of ``statsmodels``' ``combine_effects``.

    The same ``seed`` gives the same studies; pass another seed (or ``None`` for a
    fresh draw every time) to see a different set.

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
    a, b = [], []
    for n in sizes.astype(int):
        a.append(rng.standard_normal(n))
        b.append(r * a[-1] + np.sqrt(1 - r**2) * rng.standard_normal(n))
    observed = _study_correlations(a, b)
    # One pearsonr call per study costs ~7 ms (2 s for 295 studies); the per-study
    # intervals come from the meta-analysis rows instead, which are the same Fisher z.
    rows = _combine(observed, sizes).summary_frame().iloc[:n_studies]
    return pd.DataFrame(
        {
            "study": np.arange(1, n_studies + 1),
            "n": sizes.astype(int),
            "r": observed,
            "ci_low": np.tanh(rows["ci_low"].to_numpy()),
            "ci_high": np.tanh(rows["ci_upp"].to_numpy()),
        }
    )


def _study_correlations(a, b):
    """Pearson's r of each pair of arrays ``a[i], b[i]`` in one pass (sums per study)."""
    starts = np.cumsum([0] + [len(x) for x in a[:-1]])
    x, y = np.concatenate(a), np.concatenate(b)
    n = np.array([len(v) for v in a], float)
    sx, sy = np.add.reduceat(x, starts), np.add.reduceat(y, starts)
    sxy = np.add.reduceat(x * y, starts) - sx * sy / n
    sxx = np.add.reduceat(x * x, starts) - sx**2 / n
    syy = np.add.reduceat(y * y, starts) - sy**2 / n
    return sxy / np.sqrt(sxx * syy)


def _combine(r, n, *, level=0.95):
    """statsmodels' random-effects meta-analysis of correlations on Fisher's z scale.

    ``tau2`` by Paule-Mandel (``method_re="iterated"``); see ``pooled_correlation``.
    """
    from statsmodels.stats.meta_analysis import combine_effects  # slow to import: load on use

    z = np.arctanh(np.asarray(r, float))
    variance = 1.0 / (np.asarray(n, float) - 3)
    return combine_effects(z, variance, method_re="iterated", alpha=1 - level)


@renamed_keywords(studies="data")
def pooled_correlation(data, *, level=0.95):
    """Pooled r of many studies from a random-effects meta-analysis, with its prediction interval.

    Each study's r is taken to Fisher's z (sampling variance ``1 / (n - 3)``) and the
    studies are combined by ``statsmodels.stats.meta_analysis.combine_effects``.

    **Which model and why.** Flückiger et al. (2018) pooled their 295 studies with random
    effects (a multilevel model, because many studies reported several effect sizes):
    studies differ in clients, treatments and measures, so their true correlations are
    taken to vary around a mean, with between-study variance ``tau2``. Here every study
    contributes one r, so the multilevel model reduces to the ordinary random-effects
    model. ``tau2`` is estimated by the Paule-Mandel method (statsmodels'
    ``method_re="iterated"``) rather than DerSimonian-Laird (``"chi2"``): both are
    standard; Paule-Mandel is the one methodological reviews recommend (Veroniki et al.
    2016) because the DerSimonian-Laird moment estimate tends to underestimate ``tau2``
    when heterogeneity is large. When the studies share one true r, ``tau2`` is close to
    0 and the result equals the fixed-effect (n - 3 weighted) pool.

    The **prediction interval** says where the true r of a *new* study in a similar
    setting is expected to lie (Higgins, Thompson & Spiegelhalter 2009); unlike the
    confidence interval of the mean it does not shrink to a point as studies accumulate.

    Parameters
    ----------
    data : DataFrame
        One row per study with ``r`` and ``n`` (clients), e.g. from ``simulate_studies``.
    level : float
        Confidence level of both intervals.

    Returns
    -------
    Series
        ``r`` (pooled), ``ci_low, ci_high`` (its confidence interval), ``pi_low, pi_high``
        (prediction interval), ``tau2`` (between-study variance of Fisher's z), ``i2``
        (share of the spread beyond chance, 0 to 1), ``k`` (studies) and ``n`` (clients).

    Examples
    --------
    Three studies whose r differ more than chance allows (tau2 > 0): the random-effects
    mean gives the small studies more weight than the fixed-effect (n - 3) mean of .408,
    and with only three studies (t with 1 degree of freedom) a new study's r could lie
    almost anywhere.

    >>> studies = pd.DataFrame({"r": [0.1, 0.3, 0.5], "n": [23, 43, 103]})
    >>> pooled_correlation(studies)[["r", "tau2", "pi_low", "pi_high"]].round(3).tolist()
    [0.359, 0.024, -0.974, 0.994]
    """
    studies = check_table(data, "data", columns=["r", "n"], fix="Give one row per study.")
    if len(studies) < 2:
        raise ValueError(f"pooling needs at least 2 studies; got {len(studies)}.")
    if (studies["n"] < 4).any():
        raise ValueError("every study needs at least 4 clients (Fisher's z uses n - 3).")
    if not 0 < level < 1:
        raise ValueError(f"level is a confidence level between 0 and 1 (e.g. 0.95); got {level!r}.")
    fit = _combine(studies["r"], studies["n"], level=level)
    low, high = fit.conf_int(alpha=1 - level)[1]  # [1]: the random-effects row
    mean, se = float(fit.mean_effect_re), float(fit.sd_eff_w_re)
    pi_low, pi_high = _prediction_interval(mean, se, float(fit.tau2), len(studies), level=level)
    return pd.Series(
        {
            "r": np.tanh(mean),
            "ci_low": np.tanh(low),
            "ci_high": np.tanh(high),
            "pi_low": np.tanh(pi_low),
            "pi_high": np.tanh(pi_high),
            "tau2": float(fit.tau2),
            "i2": max(float(fit.i2), 0.0),  # (Q - df) / Q, truncated at 0 (Higgins et al.)
            "k": float(len(studies)),
            "n": float(studies["n"].sum()),
        }
    )


def _prediction_interval(mean, se, tau2, k, *, level=0.95):
    """Where a new study's true effect is expected (Higgins, Thompson & Spiegelhalter 2009).

    ``mean +- t(k - 2) * sqrt(tau2 + se**2)``: the t quantile with k - 2 degrees of
    freedom, because both the mean and tau2 are estimated. Needs 3 or more studies
    (NaN otherwise).

    Examples
    --------
    >>> [round(v, 4) for v in _prediction_interval(0.3, 0.05, 0.01, 12)]
    [0.0509, 0.5491]
    """
    if k < 3:
        return float("nan"), float("nan")
    from scipy.stats import t

    half = float(t.ppf(0.5 + level / 2, k - 2)) * float(np.sqrt(tau2 + se**2))
    return mean - half, mean + half


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


@renamed_keywords(clients="data")
def therapist_vs_client(
    data, *, therapist="therapist", alliance="early_alliance", outcome="outcome", level=0.95
):
    """Split the alliance into a therapist part and a client part; regress outcome on both.

    The therapist part is the mean alliance of the therapist's clients; the client
    part is each client's distance from their therapist's mean (Baldwin, Wampold &
    Imel 2007). Slopes are in outcome units per alliance point, with intervals
    robust to clients sharing a therapist (cluster-robust standard errors), from
    :func:`alliance_lab.analysis.between_within.between_within_slopes`.

    Returns
    -------
    DataFrame
        ``part ("therapist", "client"), slope, ci_low, ci_high, p``.
    """
    check_table(
        data,
        "data",
        columns=[therapist, alliance, outcome],
        fix="Name the columns with therapist=, alliance= and outcome=.",
    )
    slopes = between_within_slopes(
        data, alliance=alliance, outcome=outcome, therapist=therapist, level=level
    )
    parts = slopes.iloc[:2].assign(part=["therapist", "client"])
    return parts[["part", "slope", "ci_low", "ci_high", "p"]].reset_index(drop=True)
