"""Reading the CSV files spreadsheets actually write.

Excel, LibreOffice, Numbers and Google Sheets write CSV in several dialects: a comma or a
semicolon (where the decimal mark is a comma), UTF-8 with or without a byte-order mark,
Windows-1252, UTF-16 ("Unicode text"), a trailing separator on each line, empty rows at
the end. ``read_table`` reads all of these into a table of text cells, and says in plain
words what is wrong with a file it cannot read and how to save it correctly.
"""

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

from ._validation import fail

__all__ = ["read_table"]

_SAVE_AS = (
    "In your spreadsheet choose File > Save As (or Download) > 'CSV UTF-8 (comma delimited)' "
    "and try that file."
)


def _decode(raw, name):
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        fail(
            name,
            allowed="a CSV text file",
            given="a spreadsheet workbook (.xlsx, .xls or .ods), not CSV text",
            fix=_SAVE_AS,
        )
    if raw.startswith(b"SQLite format 3\x00"):
        fail(
            name,
            allowed="a CSV text file",
            given="the answers database itself",
            fix="Read it with al.load_responses(), or export it with al.export_responses_csv.",
        )
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    if len(raw) >= 4 and raw[1::2][:2] == b"\x00\x00":  # UTF-16 without a byte-order mark
        return raw.decode("utf-16-le"), "utf-16-le"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # what Excel on Windows writes for "CSV (comma delimited)"
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _delimiter(text):
    lines = [line for line in text.splitlines() if line.strip()][:20]
    header = lines[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_table(path, *, what="the CSV file"):
    """Read a CSV file into a DataFrame of text cells (index: spreadsheet row numbers).

    The header is row 1 and rows are numbered as a spreadsheet shows them. Empty
    rows, and empty columns without a name (a separator at the end of each line), are
    dropped. Header names are stripped of surrounding spaces.
    """
    path = Path(path)
    name = f"{what} {path.name}"
    if not path.is_file():
        fail(
            what,
            allowed="an existing CSV file",
            given=f"{str(path)!r}, " + ("a folder" if path.is_dir() else "which does not exist"),
            fix="Check the file name and the folder it is in.",
        )
    raw = path.read_bytes()
    text, _encoding = _decode(raw, name)
    if not text.strip():
        fail(
            name,
            allowed="a header row (item, response, ...) and one row per answer",
            given="an empty file",
            fix=_SAVE_AS,
        )
    sep = _delimiter(text)
    records = enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1)
    rows = [(n, row) for n, row in records if any(cell.strip() for cell in row)]
    header = [cell.strip() for cell in rows[0][1]]
    numbers = [n for n, _ in rows[1:]]
    body = [row for _, row in rows[1:]]
    width = max(len(header), *(len(row) for row in body)) if body else len(header)
    header += [""] * (width - len(header))
    body = [row + [""] * (width - len(row)) for row in body]
    unnamed = [j for j, h in enumerate(header) if not h]
    for j in unnamed:
        filled = [i for i, row in enumerate(body) if row[j].strip()]
        if filled:
            fail(
                f"column {j + 1} of {name}",
                allowed="a name in the header row",
                given=f"no name, but a value in row {numbers[filled[0]]} ({body[filled[0]][j]!r})",
                fix="Give the column a name in the first row, or delete it. If every value "
                "looks shifted by one column, the rows have one more separator than the "
                "header.",
            )
    keep = [j for j in range(width) if header[j]]
    seen = {}
    for j in keep:
        if header[j] in seen:
            fail(
                f"the header of {name}",
                allowed="each column name once",
                given=f"{header[j]!r} twice (columns {seen[header[j]] + 1} and {j + 1})",
                fix="Rename or delete one of the two columns.",
            )
        seen[header[j]] = j
    table = pd.DataFrame(
        [[row[j] for j in keep] for row in body], columns=[header[j] for j in keep]
    )
    table.index = numbers
    if sep == ";":
        # Where the decimal mark is a comma, spreadsheets write 7,5 for 7.5.
        for column in ("response", "item", "score"):
            if column in table.columns:
                decimal = table[column].str.fullmatch(r"\s*-?\d+,\d+\s*")
                table.loc[decimal, column] = table.loc[decimal, column].str.replace(",", ".")
    return table
