"""Between- and within-therapist slopes: the therapist's part of the alliance and the client's.

Baldwin, Wampold & Imel (2007) split each client's alliance into two parts: the mean
alliance of the therapist's clients (it differs *between* therapists) and the client's
distance from that mean (it differs *within* a therapist's caseload), and regressed
outcome on both. A between slope larger than the within slope says that therapists
who form better alliances have better outcomes, more than clients who form better
alliances with the same therapist do.

The regression is statsmodels' formula ``outcome ~ between + within``, fitted by
ordinary least squares with standard errors clustered by therapist (clients of one
therapist are not independent). The difference of the two slopes is a linear
contrast of the same fit. Intervals and p-values use the normal distribution, as
statsmodels does for clustered errors.

:func:`alliance_lab.analysis.outcome.therapist_vs_client` (in alliance points) and
:func:`alliance_lab.analysis.calibration.therapist_slopes` (standardised, for the
calibration of the simulated clinic) both call :func:`between_within_slopes`.
"""

import pandas as pd

from .._validation import check_number, check_table

__all__ = ["PARTS", "between_within_slopes"]

PARTS = ("between", "within", "between minus within")


def between_within_slopes(
    data, *, alliance, outcome, therapist="therapist", standardise=False, level=0.95
):
    """Regress ``outcome`` on the between- and within-therapist parts of ``alliance``.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per client; rows with a missing value in the three columns are left out.
    alliance, outcome, therapist : str
        Column names.
    standardise : bool
        Standardise alliance and outcome over the clients first (mean 0, standard
        deviation 1), so that the slopes are in standard-deviation units.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per part (``between``, ``within``, ``between minus within``), columns
        ``part, slope, se, ci_low, ci_high, p``.

    Examples
    --------
    >>> data = pd.DataFrame({"therapist": [1, 1, 2, 2, 3, 3],
    ...                      "alliance": [1.0, 3.0, 3.0, 5.0, 5.0, 7.0],
    ...                      "outcome": [0.0, 0.5, 2.0, 2.5, 4.0, 4.5]})
    >>> between_within_slopes(data, alliance="alliance", outcome="outcome")[
    ...     ["part", "slope"]].round(3)
                       part  slope
    0               between   1.00
    1                within   0.25
    2  between minus within   0.75
    """
    check_table(data, "data", columns=[therapist, alliance, outcome])
    level = check_number(level, "level", low=0, high=1, low_open=True, high_open=True)
    import statsmodels.formula.api as smf  # slow to import: load on use

    frame = data[[therapist, alliance, outcome]].dropna()
    x = frame[alliance].astype(float)
    y = frame[outcome].astype(float)
    if standardise:
        x = (x - x.mean()) / x.std()
        y = (y - y.mean()) / y.std()
    between = x.groupby(frame[therapist]).transform("mean")
    model = pd.DataFrame({"outcome": y, "between": between, "within": x - between})
    groups = pd.factorize(frame[therapist])[0]
    fit = smf.ols("outcome ~ between + within", data=model).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    alpha = 1 - level
    ci = fit.conf_int(alpha=alpha)
    difference = fit.t_test("between - within")
    diff_low, diff_high = difference.conf_int(alpha=alpha)[0]
    return pd.DataFrame(
        {
            "part": list(PARTS),
            "slope": [fit.params["between"], fit.params["within"], difference.effect[0]],
            "se": [fit.bse["between"], fit.bse["within"], difference.sd[0, 0]],
            "ci_low": [ci.loc["between", 0], ci.loc["within", 0], diff_low],
            "ci_high": [ci.loc["between", 1], ci.loc["within", 1], diff_high],
            "p": [fit.pvalues["between"], fit.pvalues["within"], float(difference.pvalue)],
        }
    ).astype({c: float for c in ("slope", "se", "ci_low", "ci_high", "p")})
