"""Widgets on a page with no kernel: each replaced by what it showed when the notebook ran.

Widgets need a running kernel. In a page, each widget becomes the charts and text of
its output areas, and one line naming its controls and their starting values.
"""

import copy
import html

import altair as alt
import nbformat

from ...theme import EMBED_OPTIONS

__all__ = ["WIDGET_STATE", "WIDGET_VIEW", "flatten_widgets"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

_CONTROL_MODELS = {
    "FloatSliderModel",
    "IntSliderModel",
    "FloatRangeSliderModel",
    "IntRangeSliderModel",
    "FloatTextModel",
    "IntTextModel",
    "CheckboxModel",
    "ToggleButtonModel",
    "TextModel",
    "TextareaModel",
    "DropdownModel",
    "RadioButtonsModel",
    "SelectionSliderModel",
    "ToggleButtonsModel",
}


def _widget_id(ref):
    return (
        ref[len("IPY_MODEL_") :] if isinstance(ref, str) and ref.startswith("IPY_MODEL_") else ref
    )


def _control_text(state):
    """``"label value"`` for a control that has a label, else None (counted, not named)."""
    label = state.get("description")
    if not label:
        return None
    if "_options_labels" in state and state.get("index") is not None:
        index = state["index"]
        value = state["_options_labels"][index] if isinstance(index, int) else index
    else:
        value = state.get("value")
    return f"{label} {value}" if value not in (None, "") else f"{label} (empty)"


def _own_control_text(state):
    """``"label value"`` for alliance_lab's own slider or choice (``widgets/controls.py``);
    None (counted as a choice to make) for a choice with nothing chosen."""
    label = state.get("label") or ""
    if state.get("kind") == "choice":
        index = state.get("index")
        value = state.get("labels", [])[index] if isinstance(index, int) else None
    else:
        value = f"{state.get('value', 0):.{state.get('decimals', 0)}f}"
    return f"{label} {value}" if label and value is not None else None


def _controls_note(controls):
    named = [c for c in controls if c]
    unnamed = len(controls) - len(named)
    if unnamed:
        named.append(f"{unnamed} {'choice' if unnamed == 1 else 'choices'} to make")
    if not named:
        return "An interactive widget is here when the notebook runs in JupyterLab."
    return "Interactive controls (they move in JupyterLab or on Binder): " + ", ".join(named)


def _chart_html(spec):
    from altair.utils.html import spec_to_html

    return spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        fullhtml=False,
        embed_options=EMBED_OPTIONS,
        template="universal",
        output_div=f"alliance-lab-chart-{abs(hash(str(spec))):x}",
    )


def _walk(model_id, states, controls, outputs, seen):
    if model_id in seen or model_id not in states:
        return
    seen.add(model_id)
    model = states[model_id]
    name, state = model.get("model_name", ""), model.get("state", {})
    if name == "OutputModel":
        outputs.extend(copy.deepcopy(state.get("outputs", [])))
    elif name in _CONTROL_MODELS:
        controls.append(_control_text(state))
    elif name == "AnyModel" and state.get("kind") in ("slider", "choice"):
        controls.append(_own_control_text(state))
    elif name in ("HTMLModel", "HTMLMathModel") and state.get("value"):
        outputs.append(nbformat.v4.new_output("display_data", {"text/html": state["value"]}))
    elif name == "LabelModel" and state.get("value"):
        outputs.append(nbformat.v4.new_output("display_data", {"text/plain": state["value"]}))
    elif isinstance(state.get("spec"), dict) and state["spec"]:  # alt.JupyterChart
        html_chart = _chart_html(state["spec"])
        outputs.append(nbformat.v4.new_output("display_data", {"text/html": html_chart}))
    for child in state.get("children", []):
        _walk(_widget_id(child), states, controls, outputs, seen)


def flatten_widgets(nb):
    """A copy of an executed notebook with every widget replaced by what it showed.

    Output areas inside widgets become ordinary outputs (so their charts are drawn
    on a static page), HTML widgets keep their text, and the controls are named in
    one line with their values. The saved widget state is dropped: a static page
    has no kernel to drive it, and it would make the page fetch widget code from
    the internet.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook (nbclient saves the widget state in its metadata).

    Returns
    -------
    nbformat.NotebookNode

    Examples
    --------
    >>> v4 = nbformat.v4
    >>> view = {WIDGET_VIEW: {"model_id": "box", "version_major": 2, "version_minor": 0}}
    >>> cell = v4.new_code_cell(outputs=[v4.new_output("display_data", view)])
    >>> state = {
    ...     "box": {"model_name": "VBoxModel",
    ...             "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_o"]}},
    ...     "s": {"model_name": "FloatSliderModel", "state": {"description": "task", "value": 3.0}},
    ...     "o": {"model_name": "OutputModel", "state": {"outputs": [
    ...         v4.new_output("display_data", {"text/plain": "a chart"})]}},
    ... }
    >>> nb = v4.new_notebook(cells=[cell], metadata={"widgets": {WIDGET_STATE: {"state": state}}})
    >>> flat = flatten_widgets(nb)
    >>> [list(o["data"]) for o in flat.cells[0].outputs]
    [['text/html', 'text/plain'], ['text/plain']]
    >>> "task 3.0" in flat.cells[0].outputs[0]["data"]["text/html"]
    True
    >>> "widgets" in flat.metadata
    False
    """
    nb = copy.deepcopy(nb)
    states = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        new_outputs = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                new_outputs.append(output)
                continue
            controls, shown = [], []
            _walk(view.get("model_id"), states, controls, shown, set())
            note = _controls_note(controls)
            new_outputs.append(
                nbformat.v4.new_output(
                    "display_data",
                    {
                        "text/html": f'<p class="alliance-lab-static-note"><em>'
                        f"{html.escape(note)}</em></p>",
                        "text/plain": note,
                    },
                )
            )
            new_outputs.extend(shown)
        cell.outputs = new_outputs
    nb.metadata.pop("widgets", None)
    return nb
