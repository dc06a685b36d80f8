"""The questionnaire form without a browser: set values, press Submit, check what was saved."""

import ipywidgets as widgets
import pandas as pd
import pytest
import yaml

import alliance_lab as al
from alliance_lab.widgets.controls import Choice, Slider


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "answers"


def fill(form, values):
    for number, value in values.items():
        form.controls[number].value = value


def test_likert_items_are_radio_rows_and_the_label_is_shown(folder):
    form = al.questionnaire("bordin-teaching", perspective="observer", data_dir=folder)
    assert len(form.controls) == 12
    first = form.controls[1]
    assert isinstance(first, Choice) and first.orientation == "horizontal"
    assert first.label.startswith("1. ")  # the row is a group named by its statement
    assert first.value is None
    assert [v for _, v in first.options] == [1, 2, 3, 4, 5]
    assert first.options[0][0] == "1 never"
    text = " ".join(w.value for w in form.children if isinstance(w, widgets.HTML))
    assert "teaching item, not a validated instrument" in text
    assert "Perspective: <b>observer</b>" in text


def test_visual_analogue_items_are_sliders(folder):
    form = al.questionnaire("session-rating-teaching", data_dir=folder)
    slider = form.controls[1]
    assert isinstance(slider, Slider)
    assert (slider.min, slider.max, slider.step, slider.readout) == (0, 10, 0.1, "5.0")
    assert slider.label.startswith("1. ") and len(slider.ends) == 2  # a visible label
    assert slider.note.startswith("not rated yet")
    assert form.missing_items() == [1, 2, 3, 4, 5]  # untouched lines are not answers
    slider.value = 7.5
    assert slider.note == "rated 7.5" and form.missing_items() == [2, 3, 4, 5]


def test_incomplete_submit_names_missing_items_and_saves_nothing(folder):
    form = al.questionnaire("bordin-teaching", data_dir=folder)
    fill(form, {n: 4 for n in range(1, 13) if n not in (3, 11)})
    form.submit_button.click()
    assert "Still missing: items 3, 11" in form.message.value
    assert form.result is None and form.chart_view is None
    assert not folder.exists()  # nothing saved, nothing created
    with pytest.raises(ValueError, match="which does not exist. Check the spelling"):
        al.load_responses(data_dir=folder)


def test_complete_submit_saves_then_scores_and_shows_chart_and_reading(folder):
    form = al.questionnaire(
        "bordin-teaching", perspective="therapist", respondent="pair 7", data_dir=folder
    )
    values = dict(zip(range(1, 13), [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4], strict=True))
    fill(form, values)
    form.submit_button.click()
    saved = al.load_responses(data_dir=folder)
    assert saved["item"].tolist() == list(range(1, 13))
    assert saved["response"].tolist() == list(values.values())
    assert set(saved["perspective"]) == {"therapist"} and set(saved["respondent"]) == {"pair 7"}
    assert "Saved as submission 1" in form.message.value
    result = form.result.set_index("scale")["score"].to_dict()
    assert result == {"goal": 10, "task": 17, "bond": 14, "total": 41}  # items 5, 7 reversed
    assert "The lowest part is goal" in form.reading.value
    assert form.chart_area.children == (form.chart_view,)  # the profile chart


def test_session_rating_submit_with_cutoff_and_chosen_comparison(folder):
    form = al.questionnaire("session-rating-teaching", data_dir=folder, comparison="<=")
    fill(form, {1: 8.0, 2: 8.0, 3: 8.0, 4: 8.0, 5: 8.0})
    form.submit_button.click()
    total = form.result.set_index("scale").loc["total"]
    assert (total["score"], total["comparison"], bool(total["flagged"])) == (40.0, "<=", True)
    assert "at or below the cutoff of 40" in form.reading.value
    assert "illustrative cutoff, a teaching choice" in form.reading.value
    assert "by this convention" not in form.reading.value


def test_saving_error_is_shown_in_the_form(folder, monkeypatch):
    form = al.questionnaire("bond-partnership-teaching", data_dir=folder)
    fill(form, {1: 4, 2: 3, 3: 2, 4: 1, 5: 3, 6: 2, 7: 4, 8: 1})

    def broken(*args, **kwargs):
        raise OSError("the course folder is read-only")

    monkeypatch.setattr("alliance_lab.widgets.questionnaire.save_response", broken)
    form.submit_button.click()
    assert "Not saved: the course folder is read-only" in form.message.value
    assert form.result is None


def test_local_item_text_is_shown_but_never_saved(folder, tmp_path):
    wording = tmp_path / "licensed.yaml"
    wording.write_text(yaml.safe_dump({"items": {n: f"LICENSED TEXT {n}" for n in range(1, 6)}}))
    form = al.questionnaire("arm-5", data_dir=folder, item_text=wording)
    shown = " ".join(control.label for control in form.controls.values())
    assert "LICENSED TEXT 3" in shown  # each row's legend is its statement
    fill(form, {1: 7, 2: 6, 3: 2, 4: 5, 5: 6})
    form.submit_button.click()
    assert form.result["score"].item() == 6.0
    database = (folder / "responses.sqlite3").read_bytes()
    assert b"LICENSED" not in database
    assert "LICENSED" not in al.load_responses(data_dir=folder).to_csv()


def test_structure_only_form_says_wording_is_not_included(folder):
    form = al.questionnaire("wai-sr", data_dir=folder)
    header = form.children[0].value
    assert "copyrighted and not included" in header
    assert "teaching item" not in header


def test_bad_arguments():
    with pytest.raises(
        ValueError, match=r"perspective \(for srs\) must be one of 'client'; got 'therapist'"
    ):
        al.questionnaire("srs", perspective="therapist")
    with pytest.raises(ValueError, match="comparison .*must be one of .*; got '=='"):
        al.questionnaire("session-rating-teaching", comparison="==")
    with pytest.raises(ValueError, match="got 'wai'. Did you mean 'wai-sr'"):
        al.questionnaire("wai")


def test_profile_chart_spec():
    scores = al.score(pd.DataFrame({"item": [1, 2, 3, 4], "response": [9, 8, 9.5, 8]}), "srs")
    chart = al.score_profile_chart(scores, "srs", comparison="<=")
    spec = chart.to_dict()
    assert len(spec["layer"]) >= 2  # the scores and the cutoff line
    assert spec["title"]["text"] == "Your scores on the Session Rating Scale (SRS)"
    assert "cutoff: <= 36 = possible alliance problem" in spec["description"]
    datasets = list(spec["datasets"].values())
    points = next(d for d in datasets if d and "percent" in d[0] and "score" in d[0])
    assert [round(p["percent"], 2) for p in points] == [90, 80, 95, 80, 86.25]
    cut = next(d for d in datasets if d and "cutoff" in d[0])
    assert cut[0]["percent"] == 90


def test_the_teaching_forms_cutoff_is_called_illustrative_wherever_it_is_shown():
    answers = pd.DataFrame({"item": [1, 2, 3, 4, 5], "response": [9, 6.5, 9.5, 7, 6]})
    scores = al.score(answers, "session-rating-teaching")
    profile = al.score_profile_chart(scores, "session-rating-teaching").to_dict()
    assert (
        "cutoff: < 40 = possible strain in the work (illustrative cutoff, a teaching choice)"
        in (profile["description"])
    )
    ratings = al.example_responses("session-rating-teaching", perspectives=("client",), seed=3)
    spread = al.score_distribution_chart(
        al.score(ratings, "session-rating-teaching"), "session-rating-teaching"
    ).to_dict()
    assert "illustrative cutoff, a teaching choice" in spread["description"]
    reading = al.describe_scores(scores, "session-rating-teaching")
    assert "illustrative cutoff, a teaching choice" in reading
    assert "by this convention" not in reading  # that phrase is for published cutoffs


def test_profile_chart_compares_groups():
    data = al.example_responses("bordin-teaching", n_pairs=5, seed=2)
    chart = al.score_profile_chart(
        al.score(data, "bordin-teaching"), "bordin-teaching", color="perspective"
    )
    spec = chart.to_dict()
    assert spec["title"]["text"].startswith("Mean scores on")
    assert "(client)" in spec["description"] and "(therapist)" in spec["description"]


def test_a_second_click_on_an_unchanged_form_saves_nothing_new(folder):
    form = al.questionnaire("arm-5", data_dir=folder)
    fill(form, {1: 6, 2: 5, 3: 2, 4: 7, 5: 4})
    form.submit_button.click()
    first = form.result
    form.submit_button.click()  # a double click, or a second click to be sure
    form.submit_button.click()
    assert "Already saved as submission 1; nothing new was saved" in form.message.value
    assert form.result is first
    assert form.chart_area.children == (form.chart_view,)  # the chart stays
    saved = al.load_responses(data_dir=folder)
    assert saved["submission"].unique().tolist() == [1]
    # a changed answer is a new form, and so is a new respondent with the same answers
    fill(form, {5: 5})
    form.submit_button.click()
    form.respondent.value = "pair 2"
    form.submit_button.click()
    assert al.load_responses(data_dir=folder)["submission"].unique().tolist() == [1, 2, 3]
    assert "Saved as submission 3" in form.message.value


def test_a_failed_save_can_be_retried_with_the_same_answers(folder, monkeypatch):
    form = al.questionnaire("arm-5", data_dir=folder)
    fill(form, {1: 6, 2: 5, 3: 2, 4: 7, 5: 4})
    import alliance_lab.widgets.questionnaire as module

    real = module.save_response
    monkeypatch.setattr(
        module, "save_response", lambda *a, **k: (_ for _ in ()).throw(OSError("busy"))
    )
    form.submit_button.click()
    assert "Not saved: busy" in form.message.value
    monkeypatch.setattr(module, "save_response", real)
    form.submit_button.click()
    assert "Saved as submission 1" in form.message.value


def test_a_new_submit_swaps_the_chart_in_place(folder):
    form = al.questionnaire("bordin-teaching", data_dir=folder)
    fill(form, {n: 4 for n in range(1, 13)})
    form.submit_button.click()
    view, spec = form.chart_view, form.chart_view.spec
    fill(form, {1: 1})
    form.submit_button.click()
    assert "Saved as submission 2" in form.message.value
    assert form.chart_view is view and form.chart_area.children == (view,)  # not rebuilt
    assert form.chart_view.spec != spec  # new data in the same chart
