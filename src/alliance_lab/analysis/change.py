"""Reliable and clinically significant change of one client from before to after treatment.

Reference: Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach
to defining meaningful change in psychotherapy research. *Journal of Consulting and Clinical
Psychology, 59*(1), 12-19.

- Standard error of measurement ``SE = s1 * sqrt(1 - r_xx)``, with ``s1`` the spread (standard
  deviation) of the measure before treatment and ``r_xx`` its reliability.
- Standard error of a difference ``S_diff = sqrt(2 * SE**2)``.
- Reliable change index ``RCI = (x2 - x1) / S_diff``; ``|RCI| > 1.96`` is reliable change (a
  change this large would arise from measurement error alone less than 5 % of the time).
- Clinically significant change adds crossing a cutoff between the dysfunctional and the
  functional population (criteria a, b and c, see :func:`clinical_cutoff`).
"""

import math

import numpy as np
import pandas as pd

from .._validation import check_choice, check_finite_column, check_number, check_table, fail

__all__ = ["CATEGORIES", "clinical_cutoff", "measurement_error", "reliable_change"]

#: The four outcome categories, from best to worst.
CATEGORIES = ("recovered", "improved", "unchanged", "deteriorated")
DIRECTIONS = ("higher is better", "lower is better")
CRITERIA = ("a", "b", "c")
#: ``|RCI|`` must exceed this for reliable change (the two-sided 5 % point of the normal curve).
CRITICAL_RCI = 1.96


def measurement_error(*, sd, reliability):
    """How much a score moves by measurement error alone (Jacobson & Truax 1991).

    Parameters
    ----------
    sd : float
        Standard deviation of the measure before treatment (``s1``), above 0.
    reliability : float
        Reliability of the measure (``r_xx``, test-retest or internal consistency), from 0 up to
        but not including 1.

    Returns
    -------
    Series
        ``se`` (standard error of measurement, ``sd * sqrt(1 - reliability)``), ``s_diff``
        (standard error of a difference, ``sqrt(2 * se**2)``) and ``smallest_reliable_change``
        (``1.96 * s_diff``: a change in points must exceed this to be reliable).

    Examples
    --------
    Jacobson & Truax's formula with ``s1 = 7.5`` and ``r_xx = .80``:

    >>> measurement_error(sd=7.5, reliability=0.80).round(3).to_dict()
    {'se': 3.354, 's_diff': 4.743, 'smallest_reliable_change': 9.297}
    """
    sd = check_number(sd, "sd", low=0, low_open=True)
    reliability = check_number(
        reliability,
        "reliability",
        low=0,
        high=1,
        high_open=True,
        fix="Give the measure's reliability, for example 0.8; "
        "a reliability of 1 would make every change reliable.",
    )
    se = sd * math.sqrt(1 - reliability)
    s_diff = math.sqrt(2 * se**2)
    return pd.Series(
        {"se": se, "s_diff": s_diff, "smallest_reliable_change": CRITICAL_RCI * s_diff}
    )


def clinical_cutoff(
    *,
    criterion="c",
    dysfunctional_mean=None,
    dysfunctional_sd=None,
    functional_mean=None,
    functional_sd=None,
    direction="higher is better",
):
    """The score that separates the dysfunctional from the functional range (Jacobson & Truax 1991).

    - **a**: two standard deviations beyond the dysfunctional mean, towards the better end
      (needs the dysfunctional mean and sd).
    - **b**: within two standard deviations of the functional mean, at its worse end (needs the
      functional mean and sd).
    - **c**: the point between the two means weighted by their spreads,
      ``(s0 * M1 + s1 * M0) / (s0 + s1)``, where the score is as likely to come from either
      population (needs both; Jacobson & Truax prefer it when functional norms exist).

    ``M1, s1`` are the dysfunctional and ``M0, s0`` the functional population's mean and sd.

    Parameters
    ----------
    criterion : {"a", "b", "c"}
    dysfunctional_mean, dysfunctional_sd, functional_mean, functional_sd : float
    direction : {"higher is better", "lower is better"}
        ``"lower is better"`` for symptom measures, ``"higher is better"`` for well-being.

    Returns
    -------
    float

    Examples
    --------
    A symptom measure (lower is better), dysfunctional 30 (sd 7.5), functional 10 (sd 5):

    >>> [clinical_cutoff(criterion=k, dysfunctional_mean=30, dysfunctional_sd=7.5,
    ...                  functional_mean=10, functional_sd=5, direction="lower is better")
    ...  for k in "abc"]
    [15.0, 20.0, 18.0]
    """
    criterion = check_choice(criterion, "criterion", CRITERIA)
    direction = check_choice(direction, "direction", DIRECTIONS)
    need = {"a": ("dysfunctional",), "b": ("functional",), "c": ("dysfunctional", "functional")}
    given = {
        "dysfunctional": (dysfunctional_mean, dysfunctional_sd),
        "functional": (functional_mean, functional_sd),
    }
    values = {}
    for group in need[criterion]:
        mean, sd = given[group]
        for name, value in ((f"{group}_mean", mean), (f"{group}_sd", sd)):
            if value is None:
                fail(
                    name,
                    allowed=f"a number for criterion {criterion!r}",
                    given="nothing",
                    fix=f"Give {group}_mean and {group}_sd, or choose another criterion "
                    "(a needs the dysfunctional group, b the functional group, c both).",
                )
        values[group] = (
            check_number(mean, f"{group}_mean"),
            check_number(sd, f"{group}_sd", low=0, low_open=True),
        )
    better = 1.0 if direction == "higher is better" else -1.0
    if criterion == "a":
        m1, s1 = values["dysfunctional"]
        return float(m1 + better * 2 * s1)
    if criterion == "b":
        m0, s0 = values["functional"]
        return float(m0 - better * 2 * s0)
    (m1, s1), (m0, s0) = values["dysfunctional"], values["functional"]
    return float((s0 * m1 + s1 * m0) / (s0 + s1))


def reliable_change(
    data,
    *,
    before="before",
    after="after",
    sd,
    reliability,
    direction="higher is better",
    cutoff=None,
):
    """Each client's reliable change index and outcome category (Jacobson & Truax 1991).

    Parameters
    ----------
    data : DataFrame
        One row per client, with a score before and a score after treatment. Other columns
        (``client``, ``therapist``, ...) are kept. The table is not changed.
    before, after : str
        Names of the two score columns.
    sd : float
        Standard deviation of the measure before treatment (``s1``), from norms or the sample.
    reliability : float
        Reliability of the measure (``r_xx``).
    direction : {"higher is better", "lower is better"}
        Which way is improvement.
    cutoff : float, optional
        Clinical cutoff (see :func:`clinical_cutoff`). Without one nobody can be counted as
        recovered: the categories are then improved, unchanged and deteriorated.

    Returns
    -------
    DataFrame
        A copy of ``data`` with ``change`` (after - before), ``rci`` (change / S_diff),
        ``reliable`` (``|rci| > 1.96``), ``crossed_cutoff`` (before on the dysfunctional side,
        after on the functional side; always False without a cutoff) and ``category``:

        - **recovered**: reliable improvement that crossed the cutoff;
        - **improved**: reliable improvement without crossing it (also clients who started in
          the functional range);
        - **unchanged**: no reliable change either way;
        - **deteriorated**: reliable change for the worse.

        A score exactly at the cutoff counts as the dysfunctional side. Rows with a missing
        score get missing values and no category.

    Examples
    --------
    Jacobson & Truax's formulas on a symptom measure (lower is better), ``s1 = 7.5``,
    ``r_xx = .80``: a client going from 30 to 20 has RCI = -10 / 4.743 = -2.108.

    >>> table = pd.DataFrame({"client": [1, 2], "before": [30, 30], "after": [20, 25]})
    >>> out = reliable_change(table, sd=7.5, reliability=0.80, direction="lower is better")
    >>> out["rci"].round(3).tolist(), out["category"].tolist()
    ([-2.108, -1.054], ['improved', 'unchanged'])
    """
    check_table(data, "data", columns=[before, after])
    direction = check_choice(direction, "direction", DIRECTIONS)
    s_diff = measurement_error(sd=sd, reliability=reliability)["s_diff"]
    if cutoff is not None:
        cutoff = check_number(cutoff, "cutoff")
    x1 = check_finite_column(data, before, "data").to_numpy()
    x2 = check_finite_column(data, after, "data").to_numpy()
    better = 1.0 if direction == "higher is better" else -1.0
    change = x2 - x1
    rci = change / s_diff
    known = ~(np.isnan(x1) | np.isnan(x2))
    reliable = known & (np.abs(np.where(known, rci, 0.0)) > CRITICAL_RCI)
    if cutoff is None:
        crossed = np.zeros(len(data), dtype=bool)
    else:
        crossed = known & (better * (x1 - cutoff) <= 0) & (better * (x2 - cutoff) > 0)
    improved = reliable & (better * change > 0)
    category = np.select(
        [improved & crossed, improved, reliable, known],
        ["recovered", "improved", "deteriorated", "unchanged"],
        default=None,
    )
    out = data.copy()
    out["change"] = change
    out["rci"] = rci
    out["reliable"] = reliable
    out["crossed_cutoff"] = crossed
    out["category"] = pd.Categorical(category, categories=CATEGORIES)
    return out
