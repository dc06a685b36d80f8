"""Every work a notebook cites is in its reference list, and every listed work is cited.

A notebook's markdown is split into its text, its reference list (a section headed
"References" or "Key references") and an optional "Further reading" section, which may
hold works the text does not cite. A citation is an author-year citation in the text:
"Bordin (1979)", "(Sharf, Primavera & Diener, 2010)", "Del Re and colleagues (2012,
2021)", "Freud (1912/1958)". Each year in the text (outside code) must belong to such a
citation, and the surnames before it must name exactly one listed work of that year:
where two listed works share a first author and a year, the citation names the second
author too ("Flückiger, Rubel et al., 2020"). A number that only looks like a year, such as
a seed, goes in backticks: code is not read.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))

REFERENCE_HEADINGS = {"references", "key references"}
FURTHER_HEADINGS = {"further reading"}
YEAR = r"(?:1[89]|20)\d\d(?:/(?:1[89]|20)\d\d)?[a-z]?"
YEAR_GROUP = re.compile(rf"(?<![\w.,/])({YEAR}(?:\s*,\s*{YEAR})*)(?![\w/])")
ENTRY_YEAR = re.compile(rf"\(({YEAR})[,)]")
# A surname before its initials: "Del Re, A. C." or "Muñiz de la Peña, C.".
SURNAME = re.compile(r"(?:^|,\s*(?:&\s*)?)([^,&()]+?),\s+(?:[A-Z][a-z]?\.(?:[\s-]*[A-Z]\.)*)")
# What ends the stretch of text in which a citation's names stand.
STOP = re.compile(r"[();:.!?\]\[]|\n\n")


def _sections(markdown):
    """Split markdown into (heading or None, body) pairs at headings of any level."""
    parts, heading, lines = [], None, []
    for line in markdown.splitlines():
        match = re.match(r"#{1,6}\s+(.*)", line)
        if match:
            parts.append((heading, "\n".join(lines)))
            heading, lines = match.group(1).strip(), []
        else:
            lines.append(line)
    parts.append((heading, "\n".join(lines)))
    return parts


def split_notebook_text(cells):
    """Return (text, reference entries) from a notebook's markdown cell sources."""
    text, entries = [], []
    for source in cells:
        for heading, body in _sections(source):
            key = (heading or "").lower()
            if key in REFERENCE_HEADINGS:
                items = re.finditer(r"^[*-]\s+(.*(?:\n(?![*-]\s).*\S.*)*)", body, re.M)
                entries += [" ".join(m.group(1).split()) for m in items]
            elif key not in FURTHER_HEADINGS:
                text.append(f"# {heading}\n{body}" if heading else body)
    return "\n\n".join(text), entries


def parse_entry(entry):
    """(surnames, year) of one reference entry, e.g. (['Bordin'], '1979')."""
    year = ENTRY_YEAR.search(entry)
    if year is None:
        raise ValueError(f"reference without a year in parentheses: {entry[:80]}")
    authors = entry[: year.start()]
    surnames = [s.strip() for s in SURNAME.findall(authors)]
    if not surnames:  # a short entry such as "Igra et al. (2020): ..."
        surnames = [re.split(r",|\bet al\b|\band\b|&", authors)[0].strip()]
    return surnames, year.group(1)


def _plain(text):
    """Text without code, links' targets, abbreviations with full stops or line breaks."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"(?<!\n)[ \t]*\n(?!\n)[ \t]*", " ", text)
    for short in ("et al.", "e.g.", "i.e.", "vs.", "cf."):
        text = text.replace(short, short[:-1])
    return text


def _mentions(name, text):
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def citation_problems(cells):
    """Everything wrong with one notebook's citations, as sentences a writer can act on."""
    text, raw_entries = split_notebook_text(cells)
    problems, entries = [], []
    for raw in raw_entries:
        try:
            entries.append((raw, *parse_entry(raw)))
        except ValueError as error:
            problems.append(str(error))
    cited = set()
    plain = _plain(text)
    for group in YEAR_GROUP.finditer(plain):
        before = plain[: group.start()].rstrip()
        if before.endswith("("):
            before = before[:-1]
        stops = list(STOP.finditer(before))
        names = before[stops[-1].end() :] if stops else before
        for year in re.split(r"\s*,\s*", group.group(1)):
            published = year.split("/")[-1]
            found = [e for e in entries if e[2] in (year, published) and _mentions(e[1][0], names)]
            if len(found) > 1:
                narrowed = [e for e in found if len(e[1]) > 1 and _mentions(e[1][1], names)]
                found = narrowed or found
            context = f"{names.strip(' ,')[-60:]} {year}"
            if not found:
                problems.append(f"cited but not in the reference list: '{context}'")
            elif len(found) > 1:
                problems.append(f"citation fits more than one reference: '{context}'")
            else:
                cited.add(found[0][0])
    for raw, _, _ in entries:
        if raw not in cited:
            problems.append(f"listed but never cited in the text: {raw[:90]}")
    return problems


def _markdown_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_citations_and_reference_list_agree(path):
    assert citation_problems(_markdown_cells(path)) == []


# The checker itself, on small made-up notebooks: each kind of mistake is caught.

REFS = """## References

- Bordin, E. S. (1979). The generalizability. *Psychotherapy, 16*(3), 252–260.
- Flückiger, C., Del Re, A. C., & Wampold, B. E. (2020). Adjusted. *J Couns Psychol.*
- Flückiger, C., Rubel, J., & Del Re, A. C. (2020). Reciprocal. *JCCP, 88*(9), 829–843.
- Muñiz de la Peña, C., Friedlander, M. L., & Escudero, V. (2009). Splits. *Psychother Res.*
- Freud, S. (1912/1958). The dynamics of transference. Hogarth Press.

## Further reading

- Safran, J. D., & Muran, J. C. (2000). *Negotiating the therapeutic alliance.* Guilford.
"""


def test_checker_accepts_every_form_of_citation():
    text = (
        "Edward Bordin (1979) wrote. Early change (Flückiger, Rubel et\nal., 2020) and\n"
        "adjustment (Flückiger, Del Re & Wampold, 2020). Muñiz de la Peña, Friedlander\n"
        "and Escudero (2009) counted splits; Freud (1912/1958) wrote earlier. `seed=2024`"
    )
    assert citation_problems([text, REFS]) == []


def test_checker_finds_a_citation_missing_from_the_list():
    text = "Bordin (1979), Flückiger, Rubel et al. (2020), Flückiger, Del Re et al. (2020),"
    text += " Muñiz de la Peña et al. (2009), Freud (1912/1958) and Rogers (1957)."
    assert citation_problems([text, REFS]) == [
        "cited but not in the reference list: 'and Rogers 1957'"
    ]


def test_checker_finds_an_uncited_reference_but_not_further_reading():
    text = "Flückiger, Rubel et al. (2020), Flückiger, Del Re et al. (2020), Freud (1912/1958)"
    text += " and Muñiz de la Peña et al. (2009)."
    problems = citation_problems([text, REFS])
    assert len(problems) == 1 and problems[0].startswith("listed but never cited")
    assert "Bordin" in problems[0]


def test_checker_asks_for_the_second_author_when_two_works_share_first_author_and_year():
    text = "Bordin (1979), Flückiger et al. (2020), Muñiz de la Peña (2009), Freud (1912/1958)."
    problems = citation_problems([text, REFS])
    assert "citation fits more than one reference: 'Flückiger et al 2020'" in problems


def test_checker_finds_a_year_without_author():
    text = "In 1979 the idea spread."
    problems = citation_problems([text])
    assert problems == ["cited but not in the reference list: 'In 1979'"]


def test_checker_reads_a_short_reference_entry():
    refs = "## Key references\n\n* Igra et al. (2020): ratings compared across studies.\n"
    assert citation_problems(["Igra and colleagues (2020) compared ratings.", refs]) == []
    assert citation_problems(["Nothing cited.", refs]) == [
        "listed but never cited in the text: Igra et al. (2020): ratings compared across studies."
    ]
