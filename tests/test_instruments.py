"""Instrument definitions: the built-ins, schema errors naming file and field, local wording."""

import copy
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import yaml

import alliance_lab as al
from alliance_lab.instruments.definition import (
    TEACHING_LABEL,
    parse_definition,
    session_rating_form,
    versions,
)

BUILT_IN = [
    "arm-5",
    "bond-partnership-teaching",
    "bordin-teaching",
    "haq-ii",
    "ors",
    "outcome-teaching",
    "session-rating-teaching",
    "srs",
    "wai-sr",
]
TEACHING = ["bond-partnership-teaching", "bordin-teaching", "session-rating-teaching"]
#: Teaching forms about the client's week, not the alliance: client wording only.
OUTCOME_TEACHING = ["outcome-teaching"]
PUBLISHED = ["arm-5", "haq-ii", "ors", "srs", "wai-sr"]
#: Bordin's (1979) three parts are the theory every alliance form builds on, published or ours;
#: any other dimension name of a published form is that form's own and stays out of ours.
BORDIN = {"goal", "task", "bond"}


def raw(instrument_id):
    folder = resources.files("alliance_lab.data.instruments")
    return yaml.safe_load(folder.joinpath(f"{instrument_id}.yaml").read_text())


def test_list_instruments():
    table = al.list_instruments()
    assert list(table.columns) == [
        "id", "name", "kind", "n_items", "measures", "perspectives", "item_text",
    ]  # fmt: skip
    assert table["id"].tolist() == BUILT_IN
    sizes = dict(zip(table["id"], table["n_items"], strict=True))
    assert sizes == {
        "arm-5": 5,
        "bond-partnership-teaching": 8,
        "bordin-teaching": 12,
        "haq-ii": 19,
        "ors": 4,
        "outcome-teaching": 6,
        "session-rating-teaching": 5,
        "srs": 4,
        "wai-sr": 12,
    }
    kinds = dict(zip(table["id"], table["kind"], strict=True))
    assert kinds["srs"] == kinds["ors"] == kinds["session-rating-teaching"] == "vas"
    measures = dict(zip(table["id"], table["measures"], strict=True))
    assert {k for k, v in measures.items() if v == "outcome"} == {"ors", "outcome-teaching"}
    assert set(measures.values()) == {"alliance", "outcome"}


def test_the_ors_states_its_cutoff_and_reliable_change_as_unconfirmed():
    inst = al.load_instrument("ors")
    assert inst.measures == "outcome" and inst.scale_range("total") == (0, 40)
    assert [(c.value, c.scale) for c in inst.cutoffs] == [(25, "total")]
    assert "unconfirmed" in inst.cutoffs[0].source
    assert inst.reliable_change.value == 5 and "unconfirmed" in inst.reliable_change.source
    assert any("reliable change of 5" in text for text in inst.unconfirmed)


def test_the_outcome_teaching_form_states_its_reliability_as_a_teaching_choice():
    inst = al.load_instrument("outcome-teaching")
    assert inst.measures == "outcome" and inst.perspectives == ("client",)
    assert inst.reliability.value == 0.9 and "Teaching choice" in inst.reliability.source
    assert inst.scale_range("total") == (0, 60)
    for item in inst.items:
        low, high = item.poles["client"]
        assert len(item.text["client"]) > 15 and low and high and low != high


def test_an_unknown_measures_value_names_the_field():
    data = raw("outcome-teaching")
    data["measures"] = "symptoms"
    with pytest.raises(ValueError, match="field 'measures'"):
        parse_definition(data, "outcome-teaching.yaml")


@pytest.mark.parametrize("instrument_id", TEACHING + OUTCOME_TEACHING)
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


@pytest.mark.parametrize("instrument_id", TEACHING)
def test_every_teaching_item_is_worded_from_all_three_chairs(instrument_id):
    # class role-plays use the forms as client, as therapist and as observer
    inst = al.load_instrument(instrument_id)
    assert inst.perspectives == ("client", "therapist", "observer")
    for item in inst.items:
        assert set(item.text) == {"client", "therapist", "observer"}, item.number
        assert len(set(item.text.values())) >= 2, f"item {item.number}: one wording for all"
        if inst.scale.kind == "vas":
            assert set(item.poles) == {"client", "therapist", "observer"}, item.number
            for low, high in item.poles.values():
                assert low and high and low != high


def structure(inst):
    """What makes two forms the same shape: items, scale, which items are reverse-keyed."""
    s = inst.scale
    return (len(inst.items), s.kind, s.min, s.max, tuple(i.reverse for i in inst.items))


@pytest.mark.parametrize("published_id", PUBLISHED)
@pytest.mark.parametrize("instrument_id", TEACHING + OUTCOME_TEACHING)
def test_no_teaching_form_copies_a_published_form(instrument_id, published_id):
    ours, theirs = al.load_instrument(instrument_id), al.load_instrument(published_id)
    assert structure(ours) != structure(theirs)
    assert [i.subscale for i in ours.items] != [i.subscale for i in theirs.items]
    names = {i.subscale for i in theirs.items} | set(theirs.subscales)
    shared = ({i.subscale for i in ours.items} | set(ours.subscales)) & names
    assert shared <= BORDIN, f"{instrument_id} uses {published_id}'s dimension names {shared}"


def test_the_structure_check_catches_a_copy():
    # the check above must be able to fail: a form with the SRS's shape and names is caught
    srs = al.load_instrument("srs")
    old = parse_definition(
        yaml.safe_load(
            resources.files("alliance_lab.data.instruments")
            .joinpath("archive/session-rating-teaching@1.0.yaml")
            .read_text()
        )
    )
    assert structure(old) == structure(srs)
    assert set(old.subscales) - BORDIN == {"relationship", "goals", "approach", "overall"}


ARCHIVED = [
    ("bond-partnership-teaching", "1.0"),
    ("bordin-teaching", "1.0"),
    ("session-rating-teaching", "1.0"),
]


@pytest.mark.parametrize(("instrument_id", "version"), ARCHIVED)
def test_old_versions_are_kept_and_differ_from_the_current_one(instrument_id, version):
    folder = resources.files("alliance_lab.data.instruments")
    old = parse_definition(
        yaml.safe_load(folder.joinpath(f"archive/{instrument_id}@{version}.yaml").read_text()),
        f"{instrument_id}@{version}.yaml",
    )
    new = al.load_instrument(instrument_id)
    assert (old.id, old.version) == (instrument_id, version)
    assert new.version != old.version
    # a changed key: answers given under the old version must not be scored by the new one
    assert structure(old) != structure(new) or [i.subscale for i in old.items] != [
        i.subscale for i in new.items
    ]


@pytest.mark.parametrize("instrument_id", PUBLISHED)
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
    assert inst.version == "2.0"
    assert inst.perspectives == ("client", "therapist", "observer")
    assert inst.subscales == ("goal", "task", "bond")
    assert [len(inst.items_of(s)) for s in inst.subscales] == [4, 4, 4]
    assert [i.number for i in inst.items if i.reverse] == [5, 7]
    assert (inst.scale.kind, inst.scale.min, inst.scale.max, len(inst.scale.anchors)) == (
        "likert",
        1,
        5,
        5,
    )
    assert inst.scale_range("total") == (12, 60)


def test_ors_structure():
    # Miller, Duncan, Brown, Sparks & Claud (2003): four 0-10 lines, total 0-40, structure only
    inst = al.load_instrument("ors")
    assert not inst.teaching and inst.perspectives == ("client",)
    assert inst.subscales == ("individual", "interpersonal", "social", "overall")
    assert (inst.scale.kind, inst.scale.min, inst.scale.max) == ("vas", 0, 10)
    assert inst.scale_range("total") == (0, 40)
    # the commonly cited cutoff is in the data but marked unconfirmed, as is the 5-point
    # reliable change; neither is tested as an established figure
    (cutoff,) = inst.cutoffs
    assert (cutoff.value, cutoff.comparisons) == (25, ("<", "<="))
    assert cutoff.meaning.endswith("(commonly cited cutoff, unconfirmed)")
    assert "unconfirmed" in cutoff.source
    notes = " ".join(inst.unconfirmed)
    assert "cutoff of 25" in notes and "reliable change of 5 points" in notes


def test_session_rating_teaching_structure():
    inst = al.load_instrument("session-rating-teaching")
    assert inst.version == "2.0"
    assert inst.subscales == ("goal", "task", "bond", "repair", "teamwork")
    assert (inst.scale.min, inst.scale.max, inst.scale.step) == (0, 10, 0.1)
    assert inst.scale_range("total") == (0, 50)
    (cutoff,) = inst.cutoffs
    assert (cutoff.value, cutoff.comparisons) == (40, ("<", "<="))
    # the cutoff is a teaching choice and says so wherever it is shown
    assert cutoff.meaning.endswith("(illustrative cutoff, a teaching choice)")
    assert "teaching choice" in cutoff.source and "not been validated" in cutoff.source


def test_bond_partnership_teaching_structure():
    inst = al.load_instrument("bond-partnership-teaching")
    assert inst.version == "2.0"
    assert [i.number for i in inst.items if i.reverse] == [4, 5]
    assert (inst.rule, inst.scale.min, inst.scale.max) == ("mean", 1, 4)
    assert inst.scales == ("bond", "partnership", "total")
    key = {s: [i.number for i in inst.items_of(s)] for s in inst.subscales}
    assert key == {"bond": [1, 3, 5, 7], "partnership": [2, 4, 6, 8]}


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
    with pytest.raises(ValueError) as error:
        al.load_instrument("WAI-SR")
    assert str(error.value) == (
        "instrument must be one of 'arm-5', 'bond-partnership-teaching', 'bordin-teaching', "
        "'haq-ii', 'ors', 'outcome-teaching', 'session-rating-teaching', 'srs', 'wai-sr'; "
        "got 'WAI-SR'. "
        "Did you mean 'wai-sr'?"
    )


# --- versions: answers are scored by the definition they were given under -------------------

ARCHIVE = resources.files("alliance_lab.data.instruments").joinpath("archive")


def archived():
    return sorted(p.name for p in ARCHIVE.iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", archived())
def test_every_archived_definition_loads_under_its_file_name(name):
    instrument_id, version = name[: -len(".yaml")].split("@")
    inst = al.load_instrument(instrument_id, version=version)
    assert (inst.id, inst.version) == (instrument_id, version)
    data = yaml.safe_load(ARCHIVE.joinpath(name).read_text(encoding="utf-8"))
    assert parse_definition(data, name) == inst


@pytest.mark.parametrize(
    "instrument_id", ["bordin-teaching", "session-rating-teaching", "bond-partnership-teaching"]
)
def test_the_first_teaching_forms_stay_loadable_after_a_redesign(instrument_id):
    assert f"{instrument_id}@1.0.yaml" in archived()
    assert al.load_instrument(instrument_id, version="1.0").version == "1.0"
    assert "1.0" in versions(instrument_id)
    assert versions(instrument_id)[-1] == al.load_instrument(instrument_id).version


@pytest.mark.parametrize("name", archived())
def test_one_version_number_means_one_definition(name):
    # an archived file at the current version must equal the current file, item for item
    instrument_id, version = name[: -len(".yaml")].split("@")
    current = al.load_instrument(instrument_id)
    if current.version == version:
        assert al.load_instrument(instrument_id, version=version) == current


def test_an_unknown_version_is_refused_with_the_reason():
    with pytest.raises(ValueError) as error:
        al.load_instrument("bordin-teaching", version="0.9")
    message = str(error.value)
    assert message.startswith("the version of bordin-teaching must be one this toolkit knows:")
    assert "got '0.9'" in message
    assert "scoring them with another version's key would give wrong numbers" in message
    with pytest.raises(ValueError) as error:
        al.load_instrument("bordin-teaching", version=True)
    assert "version must be a version text such as '1.0'" in str(error.value)
    assert "; got True. Leave version out for the current definition." in str(error.value)


def test_version_as_a_number_is_read_as_text():
    assert al.load_instrument("bordin-teaching", version=1.0).version == "1.0"
    assert al.load_instrument("arm-5", version=2012).version == "2012"


def test_archive_folder_is_shipped_as_package_data():
    text = Path(al.__file__).parents[2] / "pyproject.toml"
    if not text.is_file():  # an installed wheel: the archived files themselves are the proof
        assert archived()
        return
    assert '"data/instruments/archive/*.yaml"' in text.read_text()


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
    with pytest.raises(
        ValueError,
        match="item_text must be your own YAML file .*; got .*, which does not exist",
    ):
        al.load_instrument("arm-5", item_text=tmp_path / "nowhere.yaml")


# --- session_rating: the simulated clinic's session rating form, named in its file -------


def test_one_built_in_form_is_the_clinics_session_rating_form():
    ids = al.list_instruments()["id"]
    marked = [i for i in ids if al.load_instrument(i).session_rating]
    assert marked == ["srs"]  # the published cutoff and alert rules apply to its total
    assert session_rating_form() is al.load_instrument("srs")
    assert raw("srs")["session_rating"] is True
    assert all("session_rating" not in raw(i) for i in ids if i != "srs")


def test_only_an_alliance_form_with_a_total_can_be_the_session_rating_form():
    data = raw("bordin-teaching")
    data["session_rating"] = True
    assert parse_definition(data, "bordin-teaching.yaml").session_rating is True
    data["scoring"]["total"] = False
    with pytest.raises(ValueError, match="'session_rating': .*only an alliance form with a scored"):
        parse_definition(data, "bordin-teaching.yaml")
    data = raw("outcome-teaching")
    data["session_rating"] = True
    with pytest.raises(ValueError, match="'session_rating': .*only an alliance form with a scored"):
        parse_definition(data, "outcome-teaching.yaml")
    data["session_rating"] = "yes"
    with pytest.raises(ValueError, match="field 'session_rating': 'yes' is not of type 'boolean'"):
        parse_definition(data, "outcome-teaching.yaml")


# --- components: which part of the alliance each item reflects, read from the file ----

SIMULATED = ["bordin-teaching", "session-rating-teaching", "bond-partnership-teaching", "srs"]


@pytest.mark.parametrize("instrument_id", SIMULATED)
def test_the_simulation_reads_each_items_component_from_the_definition(instrument_id):
    from alliance_lab.simulation.measurement import COMPONENTS, item_components

    inst = al.load_instrument(instrument_id)
    parts = raw(instrument_id)["components"]
    expected = [
        COMPONENTS.index(parts[item.subscale]) if parts[item.subscale] != "all" else -1
        for item in inst.items
    ]
    assert item_components(inst).tolist() == expected


def test_srs_lines_reflect_bond_goal_task_and_all_in_that_order():
    from alliance_lab.simulation.measurement import item_components

    assert item_components(al.load_instrument("srs")).tolist() == [2, 0, 1, -1]


def test_an_alliance_form_without_components_is_refused_by_name():
    data = raw("bordin-teaching")
    del data["components"]
    with pytest.raises(ValueError, match=r"components.*\['goal', 'task', 'bond'\]"):
        parse_definition(data, "bordin-teaching.yaml")
    data = raw("bordin-teaching")
    data["components"] = {"goal": "goal", "task": "task"}
    with pytest.raises(ValueError, match=r"no component for the item subscale\(s\) \['bond'\]"):
        parse_definition(data, "bordin-teaching.yaml")
    data["components"] = {"goal": "goal", "task": "task", "bond": "relationship"}
    with pytest.raises(ValueError, match="components.bond"):
        parse_definition(data, "bordin-teaching.yaml")
