"""The caseload explorer of notebook 3: change how the alliance works, watch the clinic change.

Sliders set the alliance -> outcome and alliance -> dropout links and the cost of an
unrepaired rupture; a drop-down sets where alliance differences come from. The
view shows the mean alliance of each trajectory pattern beside dropout and
improvement by fifth of early alliance, and a sentence reads the result aloud.
"""

from ..analysis.caseload import caseload_fifths
from ..analysis.dropout import dropout_rate
from ..analysis.outcome import correlation_ci
from ..plots.caseload import caseload_chart
from ..simulation import Scenario, simulate
from .explorer import Explorer

__all__ = ["SOURCES_OF_DIFFERENCE", "caseload_explorer", "caseload_sentence"]

#: Drop-down choices: where alliance differences come from (shares add up to 1).
SOURCES_OF_DIFFERENCE = {
    "default: therapists 10 % (a teaching choice)": {
        "therapist_share": 0.10, "client_trait_share": 0.60, "session_state_share": 0.30},
    "therapists differ a lot (30 %)": {
        "therapist_share": 0.30, "client_trait_share": 0.40, "session_state_share": 0.30},
    "mostly session to session (60 %)": {
        "therapist_share": 0.10, "client_trait_share": 0.30, "session_state_share": 0.60},
    "only the client's trait": {
        "therapist_share": 0.00, "client_trait_share": 1.00, "session_state_share": 0.00},
}  # fmt: skip


def caseload_sentence(result):
    """The clinic in one paragraph: dropout, the alliance-outcome correlation, the fifths.

    Examples
    --------
    >>> sentence = caseload_sentence(simulate(Scenario(n_clients=1000, n_therapists=100)))
    >>> sentence.startswith("Of 1000 clients")
    True
    """
    clients = result.clients
    three = clients[clients["sessions_attended"] >= 3]
    r = correlation_ci(three["early_alliance"], three["outcome"])
    rate = dropout_rate(clients)
    fifths = caseload_fifths(result)
    weak, strong = fifths.iloc[0], fifths.iloc[-1]
    return (
        f"Of {len(clients)} clients, {clients['dropped_out'].mean():.0%} dropped out "
        f"(95% interval {rate['ci_low']:.0%} to {rate['ci_high']:.0%}; published: 19.7 %). "
        f"Early alliance and improvement correlate r = {r['r']:.2f} (95% interval "
        f"{r['ci_low']:.2f} to {r['ci_high']:.2f}; published: .28). In the weakest fifth of "
        f"early alliance {weak['dropout']:.0%} left early and clients improved by "
        f"{weak['outcome']:.2f} SD on average; in the strongest fifth {strong['dropout']:.0%} "
        f"left and they improved by {strong['outcome']:.2f} SD."
    )


def caseload_explorer(scenario=None):
    """Sliders for the main settings of the simulated clinic, with linked charts.

    Parameters
    ----------
    scenario : Scenario, optional
        Where to start; by default the default clinic with 1,000 clients.

    Returns
    -------
    Explorer
        Display it in a notebook; ``.scenario`` holds the current settings.

    Notes
    -----
    On the static site (no kernel) the explorer moves through precomputed states of
    the default clinic with 1,000 clients on a coarser grid than the kernel's:
    alliance -> improvement 0 to 1.35 in steps of 0.45, alliance -> dropout 0, 0.78 and
    1.56, cost of a rupture 0, 0.3 and 0.6 (each holds the default) and all four
    sources of difference: 144 states (each state's lines of the seven patterns take
    about 5 kB of the page; the page's data budget is 1.5 MB).
    """
    start = scenario or Scenario(n_clients=1000, n_therapists=100)
    return Explorer(
        start,
        settings={
            "alliance_outcome_link": (0.0, 1.5, 0.05),
            "alliance_dropout_link": (0.0, 2.0, 0.05),
            "rupture_setback": (0.0, 1.5, 0.1),
            "sources": SOURCES_OF_DIFFERENCE,
        },
        labels={
            "alliance_outcome_link": "Alliance helps improvement",
            "alliance_dropout_link": "Weak alliance makes clients leave",
            "rupture_setback": "Cost of an unrepaired rupture",
            "sources": "Alliance differences come from",
        },
        simulate=simulate,
        view=caseload_chart,
        sentence=caseload_sentence,
        title="A simulated caseload",
        name="caseload",
        grid={
            "alliance_outcome_link": (0.0, 1.35, 0.45),
            "alliance_dropout_link": (0.0, 1.56, 0.78),
            "rupture_setback": (0.0, 0.6, 0.3),
        },
    )
