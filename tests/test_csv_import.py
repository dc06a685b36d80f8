"""CSV files as spreadsheets write them: read right, or refused with how to save them."""

import codecs

import pytest

import alliance_lab as al
from alliance_lab.storage import DATABASE


def write(tmp_path, data, name="class.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def read(path, instrument="arm-5"):
    return al.import_responses_csv(path, instrument=instrument)


ROWS = "student,item,response\nana,1,4\nana,2,5\nana,3,3\nana,4,6\nana,5,2\n"


def expected(table):
    return table[["student", "item", "response"]].values.tolist()


GOOD = [["ana", 1, 4.0], ["ana", 2, 5.0], ["ana", 3, 3.0], ["ana", 4, 6.0], ["ana", 5, 2.0]]


def test_plain_csv(tmp_path):
    assert expected(read(write(tmp_path, ROWS))) == GOOD


def test_a_trailing_comma_on_every_row_shifts_nothing(tmp_path):
    trailing = "".join(line + ",\n" for line in ROWS.splitlines())
    table = read(write(tmp_path, trailing))
    assert expected(table) == GOOD
    assert list(table.columns) == ["student", "item", "response"]
    body_only = ROWS.splitlines()[0] + "\n" + "".join(f"{r},\n" for r in ROWS.splitlines()[1:])
    assert expected(read(write(tmp_path, body_only))) == GOOD


def test_semicolons_and_decimal_commas(tmp_path):
    text = "student;item;response\nana;1;7,5\nana;2;8\nana;3;6,5\nana;4;9\n"
    table = read(write(tmp_path, text), "srs")
    assert table["response"].tolist() == [7.5, 8.0, 6.5, 9.0]
    assert al.score(table, "srs").query("scale == 'total'")["score"].item() == 31


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b"")],
)  # fmt: skip
def test_encodings_spreadsheets_write(tmp_path, encoding, bom):
    text = ROWS.replace("ana", "Zoë Müller")
    if encoding.startswith("utf-16"):
        text = text.replace(",", "\t").replace("\n", "\r\n")  # Excel's "Unicode text"
    table = read(write(tmp_path, bom + text.encode(encoding)))
    assert table["student"].unique().tolist() == ["Zoë Müller"]
    assert table["response"].tolist() == [4, 5, 3, 6, 2]


def test_empty_rows_at_the_end_are_ignored(tmp_path):
    assert expected(read(write(tmp_path, ROWS + ",,\n,,\n\n"))) == GOOD


def test_an_empty_file_says_how_to_save_one(tmp_path):
    with pytest.raises(ValueError) as err:
        read(write(tmp_path, ""))
    assert str(err.value).startswith(
        "the CSV file class.csv must be a header row (item, response, ...) and one row per "
        "answer; got an empty file. In your spreadsheet choose File > Save As"
    )
    with pytest.raises(ValueError, match="got only a header .student, item, response."):
        read(write(tmp_path, "student,item,response\n"))


def test_a_duplicate_header_is_refused(tmp_path):
    with pytest.raises(ValueError) as err:
        read(write(tmp_path, "student,item,response,response\nana,1,4,5\n"))
    assert str(err.value) == (
        "the header of the CSV file class.csv must be each column name once; got 'response' "
        "twice (columns 3 and 4). Rename or delete one of the two columns."
    )


def test_values_under_no_header_are_refused(tmp_path):
    with pytest.raises(ValueError) as err:
        read(write(tmp_path, "student,item,response\nana,1,4,oops\n"))
    assert str(err.value).startswith(
        "column 4 of the CSV file class.csv must be a name in the header row; got no name, "
        "but a value in row 2 ('oops')."
    )


def test_a_workbook_or_the_database_is_refused(tmp_path):
    with pytest.raises(ValueError, match="got a spreadsheet workbook .* not CSV text"):
        read(write(tmp_path, b"PK\x03\x04rest of a zip file", "class.xlsx"))
    al.save_response({1: 4, 2: 5, 3: 3, 4: 6, 5: 2}, "arm-5", data_dir=tmp_path)
    with pytest.raises(ValueError, match="got the answers database itself"):
        read(tmp_path / DATABASE)


def test_a_missing_file_or_a_folder(tmp_path):
    with pytest.raises(
        ValueError, match="the CSV file must be an existing CSV file; got '.*nope.csv'"
    ):
        read(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="a folder"):
        read(tmp_path)


def test_a_misnamed_column_is_named_with_a_guess(tmp_path):
    with pytest.raises(ValueError) as err:
        read(write(tmp_path, "student,item,Response\nana,1,4\n"))
    assert "(missing 'response')" in str(err.value)
    assert "'response' might be 'Response'" in str(err.value)


def test_rows_of_another_instrument_are_refused(tmp_path):
    text = "instrument,item,response\narm-5,1,4\nsrs,1,4\n"
    with pytest.raises(
        ValueError, match="must be 'arm-5', the instrument you named; got 'srs' in row 3"
    ):
        read(write(tmp_path, text))
