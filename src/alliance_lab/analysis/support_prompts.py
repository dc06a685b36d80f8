"""What to look at after a red alert: a short structured list of questions.

For clients who are not on track, Lambert's group developed clinical support tools that turn
the therapist's attention to what often stands in the way of progress. This list follows that
idea with four areas (the alliance, motivation, social support and life events) in
alliance_lab's own words; it is a teaching aid, not the published tool.
"""

import pandas as pd

__all__ = ["AREAS", "support_prompts"]

#: The four areas, in the order a therapist might go through them.
AREAS = ("alliance", "motivation", "social support", "life events")

_PROMPTS = (
    ("alliance", "Do we still agree on what we are working towards and how?"),
    ("alliance", "Has anything in our sessions felt unhelpful that you have not said yet?"),
    ("motivation", "How much does changing this matter to you right now, and what makes it hard?"),
    ("motivation", "Is what we are doing between sessions realistic for your week?"),
    ("social support", "Who around you knows what you are going through, and who helps?"),
    ("social support", "Has anyone close to you become less available or more difficult lately?"),
    ("life events", "Has something happened since we started: a loss, illness, money or housing?"),
    ("life events", "Is anything coming up that worries you?"),
)


def support_prompts(*, area=None):
    """The questions to go through after a red alert, as a table ``area, prompt``.

    Parameters
    ----------
    area : str, optional
        One of ``AREAS``; all areas when omitted.

    Examples
    --------
    >>> support_prompts()["area"].unique().tolist()
    ['alliance', 'motivation', 'social support', 'life events']
    >>> len(support_prompts(area="life events"))
    2
    """
    table = pd.DataFrame(_PROMPTS, columns=["area", "prompt"])
    if area is None:
        return table
    from .._validation import check_choice

    area = check_choice(area, "area", AREAS)
    return table[table["area"] == area].reset_index(drop=True)
