"""Self-check questions: read from the package's data files and checked before use.

Each notebook's questions live in ``data/questions/<notebook>.yaml`` so that lecturers can
edit the content without touching code. Three kinds exist:

``choice``
    multiple choice: ``prompt``, ``options``, one ``answer`` (one of the options), ``explanation``.
``match``
    match each vignette to a category (e.g. goals, tasks, bond): ``prompt``, ``choices``,
    ``items`` (each with ``text`` and ``answer``), ``explanation``.
``predict``
    predict, then reveal: ``prompt``, ``options``, ``answer``, ``explanation`` (shown on reveal).
"""

import dataclasses
from importlib import resources

import yaml

__all__ = ["Question", "list_question_sets", "load_questions"]

KINDS = ("choice", "match", "predict")
_REQUIRED = {
    "choice": ("id", "prompt", "options", "answer", "explanation"),
    "predict": ("id", "prompt", "options", "answer", "explanation"),
    "match": ("id", "prompt", "choices", "items", "explanation"),
}


@dataclasses.dataclass(frozen=True)
class Question:
    """One self-check question (see the module text for the three kinds)."""

    id: str
    kind: str
    prompt: str
    explanation: str
    options: tuple[str, ...] = ()
    answer: str | None = None
    items: tuple[tuple[str, str], ...] = ()  # (vignette, right category) for "match"


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


def _fail(where, message):
    raise ValueError(f"{where}: {message}")


def _text(where, entry, key):
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"'{key}' must be non-empty text; got {value!r}.")
    return value.strip()


def _texts(where, entry, key):
    values = entry.get(key)
    if (
        not isinstance(values, list)
        or len(values) < 2
        or not all(isinstance(v, str) for v in values)
    ):
        _fail(where, f"'{key}' must be a list of at least two texts; got {values!r}.")
    if len(set(values)) != len(values):
        _fail(where, f"'{key}' repeats an entry: {values!r}.")
    return tuple(values)


def _question(where, entry):
    if not isinstance(entry, dict):
        _fail(where, f"each question is a mapping of keys to values; got {entry!r}.")
    kind = entry.get("kind")
    if kind not in KINDS:
        _fail(where, f"'kind' must be one of {', '.join(KINDS)}; got {kind!r}.")
    missing = [key for key in _REQUIRED[kind] if key not in entry]
    extra = sorted(set(entry) - set(_REQUIRED[kind]) - {"kind"})
    if missing or extra:
        _fail(where, f"a {kind} question needs {list(_REQUIRED[kind])}; missing {missing}, "
              f"unexpected {extra}.")  # fmt: skip
    common = dict(
        id=_text(where, entry, "id"),
        kind=kind,
        prompt=_text(where, entry, "prompt"),
        explanation=_text(where, entry, "explanation"),
    )
    if kind == "match":
        choices = _texts(where, entry, "choices")
        items = entry["items"]
        if not isinstance(items, list) or not items:
            _fail(where, "'items' must be a list of {text, answer} entries.")
        pairs = []
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or set(item) != {"text", "answer"}:
                _fail(where, f"item {number} must have exactly 'text' and 'answer'; got {item!r}.")
            if item["answer"] not in choices:
                _fail(where, f"item {number}'s answer {item['answer']!r} is not one of {choices}.")
            pairs.append((_text(where, item, "text"), item["answer"]))
        return Question(**common, options=choices, items=tuple(pairs))
    options = _texts(where, entry, "options")
    if entry["answer"] not in options:
        _fail(where, f"answer {entry['answer']!r} is not one of the options {list(options)}.")
    return Question(**common, options=options, answer=entry["answer"])


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
        names the file and the question).

    Examples
    --------
    >>> questions = load_questions("01_bordins_model")
    >>> sorted({q.kind for q in questions})
    ['choice', 'match', 'predict']
    """
    known = list_question_sets()
    if notebook not in known:
        raise ValueError(f"No self-check questions for {notebook!r}; there are: {known}.")
    name = f"questions/{notebook}.yaml"
    try:
        content = yaml.safe_load((_folder() / f"{notebook}.yaml").read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{name} is not valid YAML: {error}") from None
    if not isinstance(content, dict) or not isinstance(content.get("questions"), list):
        raise ValueError(f"{name} must hold a 'questions:' list.")
    questions, seen = [], set()
    for number, entry in enumerate(content["questions"], 1):
        label = entry.get("id") if isinstance(entry, dict) else None
        where = f"{name}, question {number}" + (f" ({label!r})" if label else "")
        question = _question(where, entry)
        if question.id in seen:
            _fail(where, f"the id {question.id!r} is used twice.")
        seen.add(question.id)
        questions.append(question)
    return tuple(questions)
