"""Instrument definitions: the built-ins, schema errors naming file and field, local wording."""

import copy
from importlib import resources

import pandas as pd
import pytest
import yaml

import alliance_lab as al
from alliance_lab.instruments.definition import TEACHING_LABEL, parse_definition

BUILT_IN = [
    "arm-5",
    "bond-partnership-teaching",
    "bordin-teaching",
    "haq-ii",
    "session-rating-teaching",
    "srs",
    "wai-sr",
]
TEACHING = ["bond-partnership-teaching", "bordin-teaching", "session-rating-teaching"]


def raw(instrument_id):
    folder = resources.files("alliance_lab.data.instruments")
    return yaml.safe_load(folder.joinpath(f"{instrument_id}.yaml").read_text())


def test_list_instruments():
    table = al.list_instruments()
    assert list(table.columns) == ["id", "name", "kind", "n_items", "perspectives", "item_text"]
    assert table["id"].tolist() == BUILT_IN
    sizes = dict(zip(table["id"], table["n_items"], strict=True))
    assert sizes == {
        "arm-5": 5,
        "bond-partnership-teaching": 5,
        "bordin-teaching": 12,
        "haq-ii": 19,
        "session-rating-teaching": 4,
        "srs": 4,
        "wai-sr": 12,
    }
    kinds = dict(zip(table["id"], table["kind"], strict=True))
    assert kinds["srs"] == kinds["session-rating-teaching"] == "vas"


@pytest.mark.parametrize("instrument_id", TEACHING)
def test_teaching_items_are_labelled_and_worded_for_every_perspective(instrument_id):
    inst = al.load_instrument(instrument_id)
    assert (
        inst.teaching
        and inst.label == TEACHING_LABEL == "teaching item, not a validated instrument"
    )
    assert raw(instrument_id)["label"] == TEACHING_LABEL  # in the data file itself
    for item in inst.items:
        assert set(item.text) == set(inst.perspectives)
        assert all(len(text) > 15 for text in item.text.values())


@pytest.mark.parametrize("instrument_id", ["arm-5", "haq-ii", "srs", "wai-sr"])
def test_structure_only_definitions_carry_no_wording(instrument_id):
    inst = al.load_instrument(instrument_id)
    assert not inst.teaching and inst.text_source == "none (structure only)"
    assert all(item.text is None and item.poles is None for item in inst.items)
    assert (
        "text: null"
        in resources.files("alliance_lab.data.instruments")
        .joinpath(f"{instrument_id}.yaml")
        .read_text()
    )


def test_bordin_teaching_structure():
    inst = al.load_instrument("bordin-teaching")
    assert inst.perspectives == ("client", "therapist", "observer")
    assert inst.subscales == ("goal", "task", "bond")
    assert [len(inst.items_of(s)) for s in inst.subscales] == [4, 4, 4]
    assert (inst.scale.kind, inst.scale.min, inst.scale.max, len(inst.scale.anchors)) == (
        "likert",
        1,
        5,
        5,
    )
    assert inst.scale_range("total") == (12, 60)


def test_session_rating_teaching_structure():
    inst = al.load_instrument("session-rating-teaching")
    assert inst.subscales == ("relationship", "goals", "approach", "overall")
    assert (inst.scale.min, inst.scale.max, inst.scale.step) == (0, 10, 0.1)
    assert inst.scale_range("total") == (0, 40)
    (cutoff,) = inst.cutoffs
    assert (cutoff.value, cutoff.comparisons, cutoff.meaning) == (
        36,
        ("<", "<="),
        "possible alliance problem",
    )


def test_bond_partnership_teaching_structure():
    inst = al.load_instrument("bond-partnership-teaching")
    assert [item.reverse for item in inst.items].count(True) == 1
    assert (inst.rule, inst.scale.max, inst.scales) == ("mean", 7, ("total",))


def test_wai_sr_key_matches_the_reference():
    inst = al.load_instrument("wai-sr")
    key = {s: [i.number for i in inst.items_of(s)] for s in inst.subscales}
    assert key == {"goal": [4, 6, 8, 11], "task": [1, 2, 10, 12], "bond": [3, 5, 7, 9]}
    assert not any(item.reverse for item in inst.items)
    assert inst.scale_range("goal") == (4, 20) and inst.scale_range("total") == (12, 60)


def test_unconfirmed_facts_are_marked():
    haq = al.load_instrument("haq-ii")
    assert [i.number for i in haq.items if i.reverse] == [4, 8, 11, 16, 19]
    assert any("reverse" in note for note in haq.unconfirmed)
    assert any("6-point" in note for note in haq.unconfirmed)
    assert any(
        "bond, partnership or confidence" in n for n in al.load_instrument("arm-5").unconfirmed
    )


def test_unknown_instrument():
    with pytest.raises(ValueError, match="Unknown instrument 'WAI-SR'. Known instruments: arm-5, "):
        al.load_instrument("WAI-SR")


# --- schema errors name the file, the field and the problem -----------------------------------


def broken(change):
    data = copy.deepcopy(raw("bordin-teaching"))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: d.pop("licence"), "(top level)", "'licence' is a required property"),
        (lambda d: d["items"][2].update(reverse="yes"), "items[2].reverse", "is not of type"),
        (lambda d: d["scale"].update(kind="slider"), "scale.kind", "is not one of"),
        (lambda d: d["perspectives"].append("parent"), "perspectives[3]", "is not one of"),
        (lambda d: d["scoring"].update(rule="median"), "scoring.rule", "is not one of"),
        (lambda d: d["items"][0].update(number=2), "items", "must run 1, 2, ... in order"),
        (lambda d: d["items"][5].update(subscale="trust"), "items[5].subscale", "'trust' is not"),
        (lambda d: d["items"][1]["text"].pop("observer"), "items[1].text", "need wording for"),
        (lambda d: d.update(label="just a quiz"), "label", "must be labelled"),
        (lambda d: d["scale"].update(max=1), "scale.max", "must be above scale.min"),
    ],
)
def test_schema_errors_name_file_field_and_problem(change, field, problem):
    with pytest.raises(ValueError) as err:
        parse_definition(broken(change), "my-form.yaml")
    message = str(err.value)
    assert message.startswith(f"Instrument file my-form.yaml: field '{field}': ")
    assert problem in message


def test_every_built_in_file_passes_the_schema():
    for instrument_id in BUILT_IN:
        assert parse_definition(raw(instrument_id), f"{instrument_id}.yaml").id == instrument_id


# --- a licence holder's own wording, from a local file -----------------------------------------


def test_item_text_from_a_local_file(tmp_path):
    wording = tmp_path / "my_wording.yaml"
    wording.write_text(
        yaml.safe_dump({"items": {n: f"placeholder wording {n}" for n in range(1, 13)}})
    )
    inst = al.load_instrument("wai-sr", item_text=wording)
    assert inst.text_source == "local file"
    assert inst.items[6].text == {
        "client": "placeholder wording 7",
        "therapist": "placeholder wording 7",
    }
    # the built-in definition is untouched
    assert al.load_instrument("wai-sr").items[6].text is None
    # scoring is unchanged
    data = {"item": range(1, 13), "response": [3] * 12}
    assert al.score(pd.DataFrame(data), inst).equals(al.score(pd.DataFrame(data), "wai-sr"))


def test_item_text_file_problems(tmp_path):
    wording = tmp_path / "mine.yaml"
    wording.write_text(yaml.safe_dump({"items": {1: "a", 2: "b"}}))
    with pytest.raises(ValueError, match=r"Instrument file mine.yaml: field 'items.3': missing"):
        al.load_instrument("arm-5", item_text=wording)
    wording.write_text(yaml.safe_dump({"items": {n: "x" for n in range(1, 8)}}))
    with pytest.raises(ValueError, match=r"arm-5 has items 1 to 5; got \['6', '7'\]"):
        al.load_instrument("arm-5", item_text=wording)
    with pytest.raises(ValueError, match="no file at"):
        al.load_instrument("arm-5", item_text=tmp_path / "nowhere.yaml")
