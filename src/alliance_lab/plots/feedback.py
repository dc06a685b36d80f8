"""Charts for routine alliance monitoring: how good the alerts are, and why it depends."""

import altair as alt
import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from ..analysis.screening import predictive_values
from ..theme import PALETTE
from .numbers import attach_numbers, chart_numbers, with_numbers

__all__ = [
    "alert_metrics_chart",
    "base_rate_chart",
    "monitoring_chart",
    "rating_distribution_chart",
]

_METRICS = {
    "sensitivity": "Sensitivity",
    "specificity": "Specificity",
    "ppv": "PPV",
    "npv": "NPV",
}
_MEANINGS = {
    "sensitivity": "problems that raise an alert",
    "specificity": "sessions without a problem that stay quiet",
    "ppv": "alerts that point to a real problem",
    "npv": "quiet sessions that really are fine",
}


def alert_metrics_chart(metrics, *, title=None):
    """Horizontal bars of sensitivity, specificity, PPV and NPV (0 to 100 %).

    Parameters
    ----------
    metrics : AlertMetrics
        From ``al.alert_metrics`` or ``al.monitor(...).metrics``.
    title : str, optional
        Chart title; default names the alerts per therapist per week.

    Examples
    --------
    >>> from alliance_lab.analysis.screening import AlertMetrics
    >>> m = AlertMetrics(tp=4, fp=2, fn=0, tn=6, alerts_per_therapist_week=1.0)
    >>> spec = alert_metrics_chart(m).to_dict()
    >>> spec["title"]["text"]
    '1.0 alerts per therapist a week'
    >>> [round(r["value"], 3) for r in spec["datasets"][spec["data"]["name"]]]
    [1.0, 0.75, 0.667, 1.0]
    """
    rows = [
        {
            "metric": label,
            "value": float(getattr(metrics, name)),
            "key": name,
            "meaning": _MEANINGS[name],
        }
        for name, label in _METRICS.items()
    ]
    data = pd.DataFrame(rows).fillna({"value": 0.0})
    per_week = metrics.alerts_per_therapist_week
    title = title or f"{per_week:.1f} alerts per therapist a week"
    description = "Bar chart: " + ", ".join(f"{r['metric']} {r['value']:.0%}" for r in rows) + "."
    base = alt.Chart(data)
    y = alt.Y("metric:N", sort=list(_METRICS.values()), title=None)
    bars = base.mark_bar(height=34).encode(
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title=None),
        y=y,
        color=alt.Color(
            "key:N",
            scale=alt.Scale(domain=list(_METRICS), range=list(PALETTE[:4])),
            legend=None,
        ),
        tooltip=["metric:N", "meaning:N", alt.Tooltip("value:Q", format=".1%")],
    )
    labels = base.mark_text(align="left", dx=6, fontSize=17).encode(
        x="value:Q", y=y, text=alt.Text("value:Q", format=".0%")
    )
    chart = (bars + labels).properties(
        title=alt.Title(title, subtitle=f"Real problems in {metrics.base_rate:.0%} of sessions"),
        description=description,
        width=300,
        height=200,
    )
    return with_numbers(
        chart,
        data,
        columns={
            "metric": ("Measure", None),
            "meaning": ("Share of", None),
            "value": ("Value", ".0%"),
        },
        caption=f"How good the alerts are ({per_week:.1f} alerts per therapist a week, "
        f"real problems in {metrics.base_rate:.0%} of sessions)",
    )


def base_rate_chart(sensitivity, specificity, base_rate):
    """Positive predictive value against the base rate, for a rule of given accuracy.

    The curve shows the same rule used in clinics where real problems are rarer or
    commoner; the point marks the clinic now simulated.

    Examples
    --------
    >>> spec = base_rate_chart(0.8, 0.9, 0.2).to_dict()
    >>> spec["title"]["text"]
    'Base rate 20%: 67% of alerts real'
    >>> base_rate_chart(0.0, 1.0, 0.2).to_dict()["title"]["text"]
    'Base rate 20%: this rule raises no alert'
    """
    grid = np.round(np.linspace(0.01, 0.6, 60), 3)
    curve = predictive_values(sensitivity, specificity, grid)
    curve["where"] = "any clinic"
    now = predictive_values(sensitivity, specificity, base_rate)
    now["where"] = "this clinic"
    data = pd.concat([curve, now], ignore_index=True)
    ppv_now = float(now["ppv"].iloc[0])
    title = (
        f"Base rate {base_rate:.0%}: {ppv_now:.0%} of alerts real"
        if ppv_now == ppv_now
        else f"Base rate {base_rate:.0%}: this rule raises no alert"  # PPV undefined
    )
    base = alt.Chart(data)
    x = alt.X(
        "base_rate:Q",
        axis=alt.Axis(format="%"),
        scale=alt.Scale(domain=[0, 0.6]),
        title="Base rate of real problems",
    )
    y = alt.Y("ppv:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title="PPV")
    line = base.transform_filter("datum.where == 'any clinic'").mark_line(color=PALETTE[2])
    point = base.transform_filter("datum.where == 'this clinic'").mark_point(
        size=260, color=PALETTE[5], filled=True
    )
    tooltip = [
        alt.Tooltip("base_rate:Q", format=".0%", title="base rate"),
        alt.Tooltip("ppv:Q", format=".0%", title="PPV"),
    ]
    return (line.encode(x=x, y=y) + point.encode(x=x, y=y, tooltip=tooltip)).properties(
        title=alt.Title(title, subtitle="Same rule in clinics with rarer or commoner problems"),
        description=(
            f"Line chart of positive predictive value against base rate for sensitivity "
            f"{sensitivity:.0%} and specificity {specificity:.0%}; at the simulated base rate "
            f"{base_rate:.0%} it is {ppv_now:.0%}."
        ),
        width=300,
        height=200,
    )


@renamed_keywords(sessions="data")
def rating_distribution_chart(data, *, cutoff=36, score="session_rating"):
    """Histogram of session ratings with the cutoff marked: the ceiling effect at a glance.

    Examples
    --------
    >>> data = pd.DataFrame({"session_rating": [40, 40, 39.5, 30, 36]})
    >>> spec = rating_distribution_chart(data).to_dict()
    >>> spec["title"]["text"]
    '60% of ratings are 39 or more (near the ceiling of 40)'
    """
    values = data[score].dropna().to_numpy(float)
    edges = np.arange(0, 42, 2.0)
    counts, _ = np.histogram(values, bins=edges)
    data = pd.DataFrame({"low": edges[:-1], "high": edges[1:], "count": counts})
    near_top = float(np.mean(values >= 39)) if len(values) else 0.0
    title = f"{near_top:.0%} of ratings are 39 or more (near the ceiling of 40)"
    bars = (
        alt.Chart(data)
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X("low:Q", bin="binned", title="Session rating (0-40)"),
            x2="high:Q",
            y=alt.Y("count:Q", title="Sessions"),
            tooltip=["low:Q", "high:Q", "count:Q"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"cutoff": [cutoff]}))
        .mark_rule(color=PALETTE[5], strokeWidth=3, strokeDash=[6, 3])
        .encode(x="cutoff:Q")
    )
    chart = alt.layer(bars, rule).properties(
        title=alt.Title(title, subtitle=f"Dashed line: the cutoff of {cutoff:g}"),
        description=(
            f"Histogram of {len(values)} session ratings in 2-point bins; {near_top:.0%} are "
            f"39 or more. The cutoff of {cutoff:g} is marked."
        ),
        width=420,
        height=240,
    )
    data["bin"] = [
        f"{lo:g} to under {hi:g}" if hi < edges[-1] else f"{lo:g} to {hi:g}"
        for lo, hi in zip(data["low"], data["high"], strict=True)
    ]
    data["share"] = data["count"] / max(len(values), 1)
    return with_numbers(
        chart,
        data,
        columns={
            "bin": ("Session rating", None),
            "count": ("Sessions", "g"),
            "share": ("Share of sessions", ".1%"),
        },
        caption=f"Session ratings in 2-point bins ({near_top:.0%} are 39 or more; "
        f"cutoff {cutoff:g})",
    )


def monitoring_chart(metrics, *, rule):
    """An alert rule's metrics beside its predictive value at every base rate.

    Parameters
    ----------
    metrics : AlertMetrics
        From ``al.monitor(...).metrics``.
    rule : str
        The rule in words (``FeedbackSettings.describe()``), for the description.

    Examples
    --------
    >>> from alliance_lab.analysis.screening import AlertMetrics
    >>> m = AlertMetrics(tp=30, fp=20, fn=10, tn=140, alerts_per_therapist_week=2.5)
    >>> spec = monitoring_chart(m, rule="alert when the rating is below 36").to_dict()
    >>> len(spec["hconcat"]), spec["description"].endswith("below 36.")
    (2, True)
    """
    metrics_chart = alert_metrics_chart(metrics)
    numbers = chart_numbers(metrics_chart)
    metrics_chart.usermeta = alt.Undefined  # only a top-level chart may carry them
    return attach_numbers(
        alt.hconcat(
            metrics_chart,
            base_rate_chart(metrics.sensitivity, metrics.specificity, metrics.base_rate),
        ).properties(description=f"Alert metrics and predictive value by base rate for: {rule}."),
        numbers,
    )
