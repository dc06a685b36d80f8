"""Self-check questions: read from the package's data files and checked before use.

Each notebook's questions live in ``data/questions/<notebook>.yaml`` so that lecturers can
edit the content without touching code; ``data/questions/schema.json`` describes the file.
Every answer a student can give has its own feedback, so that a wrong answer is answered
with an explanation of *that* answer. Three kinds of question exist:

``choice``
    multiple choice: ``prompt``, ``options`` (each with ``text`` and ``feedback``) and
    ``answer``, the text of the right option.
``predict``
    a question asked *before* the chart or explorer that answers it, with the same keys as
    ``choice`` and ``shown_by``: the id of the notebook cell that shows the answer
    (``cell``) and the name of the ``al`` function that cell calls (``calls``).
``match``
    match each vignette to a category (e.g. goals, tasks, bond): ``prompt``, ``choices``,
    ``items`` (each with ``text``, ``answer`` and ``feedback``: one text per choice) and
    ``explanation``, shown once every vignette is matched.
"""

import dataclasses
import json
from importlib import resources

import jsonschema
import yaml

__all__ = ["MatchItem", "Question", "list_question_sets", "load_questions"]

KINDS = ("choice", "match", "predict")


@dataclasses.dataclass(frozen=True)
class MatchItem:
    """One vignette of a ``match`` question: its text, the right choice, feedback per choice."""

    text: str
    answer: str
    feedback: tuple[tuple[str, str], ...]  # (choice, what to say if it is chosen)

    def feedback_for(self, choice):
        """What to tell a student who matched this vignette to ``choice``."""
        return dict(self.feedback)[choice]


@dataclasses.dataclass(frozen=True)
class Question:
    """One self-check question (see the module text for the three kinds).

    For ``choice`` and ``predict``, ``feedback[i]`` answers ``options[i]``. For ``match``,
    ``options`` are the choices and ``items`` the vignettes.
    """

    id: str
    kind: str
    prompt: str
    options: tuple[str, ...]
    answer: str | None = None
    feedback: tuple[str, ...] = ()
    items: tuple[MatchItem, ...] = ()
    explanation: str = ""
    shown_by_cell: str | None = None
    shown_by_call: str | None = None

    def feedback_for(self, option):
        """What to tell a student who chose ``option`` (a ``choice`` or ``predict`` question)."""
        return self.feedback[self.options.index(option)]


def _folder():
    return resources.files("alliance_lab") / "data" / "questions"


def list_question_sets():
    """Names of the notebooks that have self-check questions.

    Examples
    --------
    >>> "01_bordins_model" in list_question_sets()
    True
    """
    return sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".yaml"))


def _schema():
    return json.loads(
        resources.files("alliance_lab").joinpath("data", "questions", "schema.json").read_text()
    )


def _path(parts):
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_error(name, content, error):
    """Say where the first schema error is: the question's number and id, then the field."""
    parts = list(error.absolute_path)
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        entry = content["questions"][parts[1]]
        label = entry.get("id") if isinstance(entry, dict) else None
        where = f"{name}, question {parts[1] + 1}" + (f" ({label!r})" if label else "")
        field = _path(parts[2:])
    else:
        where, field = name, _path(parts)
    field = f" field '{field}':" if field else ""
    return (
        f"{where}:{field} {error.message}. The file must follow "
        "alliance_lab/data/questions/schema.json (the module alliance_lab.questions explains "
        "each key)."
    )


def _fail(where, message):
    raise ValueError(f"{where}: {message}")


def _unique(where, key, values):
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        _fail(where, f"'{key}' repeats {repeated}; each must be different.")


def _question(where, entry):
    kind = entry["kind"]
    common = dict(id=entry["id"], kind=kind, prompt=entry["prompt"].strip())
    if kind == "match":
        choices = tuple(entry["choices"])
        items = []
        for number, item in enumerate(entry["items"], 1):
            if item["answer"] not in choices:
                _fail(where, f"item {number}'s answer {item['answer']!r} is not one of {choices}.")
            given, wanted = set(item["feedback"]), set(choices)
            if given != wanted:
                _fail(
                    where,
                    f"item {number} needs feedback for every choice {list(choices)}; "
                    f"missing {sorted(wanted - given)}, unexpected {sorted(given - wanted)}.",
                )
            feedback = tuple((c, item["feedback"][c].strip()) for c in choices)
            items.append(MatchItem(item["text"].strip(), item["answer"], feedback))
        _unique(where, "items", [item.text for item in items])
        return Question(
            **common, options=choices, items=tuple(items), explanation=entry["explanation"].strip()
        )
    options = tuple(option["text"] for option in entry["options"])
    _unique(where, "options", list(options))
    if entry["answer"] not in options:
        _fail(where, f"answer {entry['answer']!r} is not one of the options {list(options)}.")
    shown_by = entry.get("shown_by", {})
    return Question(
        **common,
        options=options,
        answer=entry["answer"],
        feedback=tuple(option["feedback"].strip() for option in entry["options"]),
        shown_by_cell=shown_by.get("cell"),
        shown_by_call=shown_by.get("calls"),
    )


def load_questions(notebook):
    """The self-check questions of one notebook, checked.

    Parameters
    ----------
    notebook : str
        The notebook's name without ``.ipynb``, e.g. ``"01_bordins_model"``.

    Returns
    -------
    tuple of Question

    Raises
    ------
    ValueError
        If there is no such question set, or a question is malformed (the message
        names the file, the question and the field).

    Examples
    --------
    >>> questions = load_questions("01_bordins_model")
    >>> sorted({q.kind for q in questions})
    ['choice', 'match', 'predict']
    >>> first = questions[0]
    >>> first.feedback_for(first.answer) == first.feedback[first.options.index(first.answer)]
    True
    """
    known = list_question_sets()
    if notebook not in known:
        raise ValueError(f"No self-check questions for {notebook!r}; there are: {known}.")
    name = f"questions/{notebook}.yaml"
    try:
        content = yaml.safe_load((_folder() / f"{notebook}.yaml").read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{name} is not valid YAML: {error}") from None
    if not isinstance(content, dict):
        raise ValueError(f"{name} must hold a mapping with 'notebook:' and a 'questions:' list.")
    errors = sorted(
        jsonschema.Draft202012Validator(_schema()).iter_errors(content),
        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
    )
    if errors:
        raise ValueError(_schema_error(name, content, errors[0]))
    if content["notebook"] != notebook:
        _fail(name, f"'notebook' must be the file's own name, {notebook!r}; got "
              f"{content['notebook']!r}.")  # fmt: skip
    questions, seen = [], set()
    for number, entry in enumerate(content["questions"], 1):
        where = f"{name}, question {number} ({entry['id']!r})"
        if entry["id"] in seen:
            _fail(where, f"the id {entry['id']!r} is used twice.")
        seen.add(entry["id"])
        questions.append(_question(where, entry))
    return tuple(questions)
