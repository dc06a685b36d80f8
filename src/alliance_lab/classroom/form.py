"""The student's answer form: the fields a page shows and the checks on what comes back.

Every check runs on the server; a problem becomes a sentence the student understands
(what was sent, what is allowed, what to do), shown on the page above the form.
"""

import math

__all__ = ["CHAIRS", "MAX_GROUP", "check_chair", "check_group", "check_responses", "form_items"]

CHAIRS = {
    "client": "Client: the person who came for help",
    "therapist": "Therapist: the person helping",
    "observer": "Observer: watching the role-play",
}
MAX_GROUP = 500


def check_chair(value, instrument):
    """The chair (perspective) sent, or a message."""
    if value in instrument.perspectives:
        return value, None
    allowed = ", ".join(instrument.perspectives)
    shown = str(value)[:40] if value else "nothing"
    return None, f"Choose your chair: {allowed} (the form sent {shown!r}). Then continue."


def check_group(value, mode):
    """The triad number sent (None in whole-hall mode), or a message."""
    if mode != "triads":
        return None, None
    text = str(value or "").strip()
    if not text:
        return None, "Enter your triad number (the lecturer tells you which triad you are in)."
    if not text.isdigit() or not 1 <= int(text) <= MAX_GROUP:
        return None, (
            f"The triad number must be a whole number from 1 to {MAX_GROUP}; got {text[:20]!r}. "
            "Enter the number of your triad."
        )
    return int(text), None


def _scale_words(scale):
    if scale.kind == "vas":
        return f"a number from {scale.min:g} to {scale.max:g}"
    return f"a whole number from {scale.min:g} to {scale.max:g}"


def form_items(instrument, perspective, given=None):
    """What the page shows for each item: wording for the chair, choices, current value."""
    given = given or {}
    scale = instrument.scale
    out = []
    for item in instrument.items:
        value = given.get(item.number)
        entry = {
            "number": item.number,
            "field": f"item-{item.number}",
            "text": item.text[perspective],
            "kind": scale.kind,
            "value": value,
        }
        if scale.kind == "vas":
            low, high = (item.poles or {}).get(perspective, (f"{scale.min:g}", f"{scale.max:g}"))
            midpoint = (scale.min + scale.max) / 2
            entry.update(
                low=low,
                high=high,
                min=f"{scale.min:g}",
                max=f"{scale.max:g}",
                step=f"{scale.step:g}",
                shown=f"{(midpoint if value is None else float(value)):g}",
            )
        else:
            entry["choices"] = [
                {
                    "value": f"{v:g}",
                    "label": scale.anchors.get(v, ""),
                    "checked": value is not None and float(value) == v,
                }
                for v in _steps(scale)
            ]
        out.append(entry)
    return out


def _steps(scale):
    n = int(round((scale.max - scale.min) / scale.step))
    return [scale.min + i * scale.step for i in range(n + 1)]


def check_responses(form, instrument):
    """``({item: response}, [])`` when every item has a value on the scale, else the
    values that could be read and a list of messages, one per problem."""
    scale = instrument.scale
    numbers = {item.number for item in instrument.items}
    responses, problems = {}, []
    for name in form:
        if name.startswith("item-"):
            suffix = name[len("item-") :]
            if not suffix.isdigit() or int(suffix) not in numbers:
                problems.append(
                    f"The form sent an answer for item {suffix[:10]!r}, but this form has items "
                    f"1 to {len(numbers)}. Reload the form and answer again."
                )
    for number in sorted(numbers):
        raw = form.get(f"item-{number}")
        if raw is None or str(raw).strip() == "":
            problems.append(f"Item {number} has no answer. Choose {_scale_words(scale)}.")
            continue
        text = str(raw).strip()[:20]
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        on_scale = math.isfinite(value) and scale.min <= value <= scale.max
        if on_scale and scale.kind == "likert":
            on_scale = value == round(value)
        if on_scale and scale.kind == "vas":
            value = round(value, 1)
        if not on_scale:
            problems.append(
                f"Item {number}: {text!r} is not on the scale. Allowed: {_scale_words(scale)}."
            )
            continue
        responses[number] = value
    return responses, problems
