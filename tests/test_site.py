"""The static-site builder: pages that need no kernel and no network."""

import json
import re
from html.parser import HTMLParser

import altair as alt
import nbformat
import pytest

from alliance_lab.app.site import (
    BUNDLE,
    WIDGET_STATE,
    WIDGET_VIEW,
    build_site,
    flatten_widgets,
    main,
    notebook_title,
)

v4 = nbformat.v4


def _widget_notebook(state, model_id="box"):
    view = {WIDGET_VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0}}
    cell = v4.new_code_cell(outputs=[v4.new_output("display_data", view)])
    return v4.new_notebook(cells=[cell], metadata={"widgets": {WIDGET_STATE: {"state": state}}})


def test_flatten_names_dropdown_choice_and_draws_jupyter_chart():
    spec = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").to_dict()
    state = {
        "box": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_d", "IPY_MODEL_c"]}},
        "d": {
            "model_name": "DropdownModel",
            "state": {
                "description": "Rater",
                "index": 1,
                "_options_labels": ["client", "therapist"],
            },
        },
        "c": {"model_name": "AnyModel", "state": {"spec": spec}},
    }
    outputs = flatten_widgets(_widget_notebook(state)).cells[0].outputs
    assert "Rater therapist" in outputs[0]["data"]["text/plain"]
    assert "vegaEmbed(outputDiv" in outputs[1]["data"]["text/html"]


def test_flatten_keeps_a_note_when_state_was_not_saved():
    nb = _widget_notebook({}, model_id="gone")
    outputs = flatten_widgets(nb).cells[0].outputs
    assert len(outputs) == 1
    assert "JupyterLab" in outputs[0]["data"]["text/plain"]


def test_flatten_does_not_change_its_input():
    nb = _widget_notebook({})
    before = json.dumps(nb, sort_keys=True)
    flatten_widgets(nb)
    assert json.dumps(nb, sort_keys=True) == before


def test_title_falls_back_to_the_default():
    assert notebook_title(v4.new_notebook(cells=[v4.new_code_cell("1")]), default="x") == "x"


def test_empty_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no notebooks"):
        build_site(tmp_path, tmp_path / "site")


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    src = tmp_path_factory.mktemp("nbs")
    nb = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# A *tiny* notebook"),
            v4.new_code_cell("import alliance_lab as al\nal.setup_notebook()"),
            v4.new_code_cell("al.bordin_profile_chart(goal=4, task=2, bond=5)"),
            v4.new_code_cell(
                "import ipywidgets as w\n"
                "w.interact(al.bordin_profile_chart, goal=(1.0, 5.0, 0.5), task=w.fixed(3),"
                " bond=w.fixed(3));"
            ),
        ]
    )
    nbformat.write(nb, src / "01_tiny.ipynb")
    out = tmp_path_factory.mktemp("site")
    return build_site(src, out), out


def test_site_pages_and_index(tiny_site):
    pages, out = tiny_site
    assert [(p.notebook, p.html_file, p.title) for p in pages] == [
        ("01_tiny.ipynb", "01_tiny.html", "A tiny notebook")
    ]
    assert pages[0].charts == 2  # the plain chart and the one inside the interact widget
    index = (out / "index.html").read_text()
    assert '<a href="01_tiny.html">A tiny notebook</a>' in index
    assert (out / BUNDLE).stat().st_size > 100_000  # the Vega, Vega-Lite and vega-embed code


def test_site_page_is_self_contained(tiny_site):
    _, out = tiny_site
    page = (out / "01_tiny.html").read_text()
    assert f'<script src="{BUNDLE}"></script>' in page
    debug = json.loads(re.search(r"var VEGA_DEBUG = (\{.*?\});", page).group(1))
    assert debug == {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }
    # No script from the internet: no require.js, MathJax, mermaid or widget manager.
    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", page)
    assert sources == [BUNDLE]
    assert "import(" not in page.split("<body")[0]
    assert WIDGET_STATE not in page
    assert "Interactive controls (they move in JupyterLab or on Binder): goal 3.0" in page


def test_main_reports_pages(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "site")]) == 2
    assert "no notebooks" in capsys.readouterr().err


def test_unlabelled_controls_are_counted_not_named():
    state = {
        "box": {
            "model_name": "VBoxModel",
            "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b", "IPY_MODEL_t"]},
        },
        "a": {"model_name": "ToggleButtonsModel", "state": {"index": None, "description": ""}},
        "b": {"model_name": "ToggleButtonsModel", "state": {"index": None, "description": ""}},
        "t": {"model_name": "TextModel", "state": {"description": "Respondent", "value": ""}},
    }
    note = flatten_widgets(_widget_notebook(state)).cells[0].outputs[0]["data"]["text/plain"]
    assert note.endswith(": Respondent (empty), 2 choices to make")


def test_failing_notebook_is_named(tmp_path, capsys):
    nb = v4.new_notebook(cells=[v4.new_code_cell("1 / 0")])
    nbformat.write(nb, tmp_path / "03_broken.ipynb")
    assert main([str(tmp_path), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "03_broken.ipynb stopped with ZeroDivisionError: division by zero" in err


def test_model_answer_stays_folded_and_keeps_its_markdown(tmp_path):
    # Notebook 02 hides model answers in <details>: the page must keep the fold, and the
    # markdown inside it must still be rendered (a blank line after <summary> allows that).
    answer = "<details>\n<summary>Model answer</summary>\n\nA *worked* answer.\n</details>"
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# Folded"), v4.new_markdown_cell(answer)])
    nbformat.write(nb, tmp_path / "01_folded.ipynb")
    build_site(tmp_path, tmp_path / "site")
    page = (tmp_path / "site" / "01_folded.html").read_text()
    assert re.search(r"<details>\s*<summary>Model answer</summary>", page)
    assert "A <em>worked</em> answer." in page


class _Landmarks(HTMLParser):
    """The page language, the title text and how many <main> elements a page has."""

    def __init__(self):
        super().__init__()
        self.lang, self.title, self.mains, self._in_title = None, "", 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self.mains += tag == "main"
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _landmarks(path):
    parser = _Landmarks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_pages_have_language_title_and_one_main(tiny_site):
    _, out = tiny_site
    page, index = _landmarks(out / "01_tiny.html"), _landmarks(out / "index.html")
    assert (page.lang, page.title.strip(), page.mains) == ("en", "A tiny notebook", 1)
    assert (index.lang, index.title.strip(), index.mains) == ("en", "alliance_lab notebooks", 1)


def test_prompts_are_drawn_at_full_strength(tiny_site):
    # nbconvert draws the prompts of unselected cells at half opacity (2.16:1 on white).
    _, out = tiny_site
    page = (out / "01_tiny.html").read_text()
    overrides = page.rsplit("--jp-cell-prompt-not-active-opacity:", 1)[1].split(";")[0]
    assert overrides.strip() == "1"
    assert page.index("<nav ") < page.index("<main>")  # the back link sits outside main
