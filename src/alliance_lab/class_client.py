"""Reading a class session from the class-mode service, over HTTP, with the lecturer key.

The service may run on this computer or on another one (a lecturer's laptop, a
department server): everything goes through its HTTP interface
(``GET /api/sessions/{code}/answers`` and ``.../answers.csv``). The lecturer key is
sent in the ``Authorization`` header and never shown or written anywhere else; it is
taken from ``key=`` or from the environment variable ``ALLIANCE_LAB_CLASS_KEY``.
"""

import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd

from ._renames import renamed_keywords
from .storage import import_responses_csv

__all__ = [
    "ClassServiceError",
    "class_results",
    "fetch_class",
    "open_class_round",
    "rehearse_class_round",
    "start_class_session",
]

KEY_VARIABLE = "ALLIANCE_LAB_CLASS_KEY"
ANSWER_COLUMNS = [
    "submission",
    "round",
    "group",
    "perspective",
    "respondent",
    "item",
    "response",
    "submitted_at",
]


class ClassServiceError(ValueError):
    """The service could not be read: its message says why and what to do."""


def _key(key):
    key = key if key is not None else os.environ.get(KEY_VARIABLE, "")
    if not key:
        raise ClassServiceError(
            "No lecturer key: give key=... or set the environment variable "
            f"{KEY_VARIABLE}. The key is printed once in the terminal where the service started."
        )
    return str(key)


def _address(url, code, tail):
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ClassServiceError(
            f"url must be the service's address, starting with http:// or https://; got {url!r}."
        )
    if not isinstance(code, str) or not code.strip():
        raise ClassServiceError(f"code must be the class session's join code; got {code!r}.")
    return f"{url.rstrip('/')}/api/sessions/{urllib.parse.quote(code.strip())}/{tail}"


def _get(url, *, code, key, tail, timeout, body=None):
    address = _address(url, code, tail) if code is not None else f"{url.rstrip('/')}/{tail}"
    headers = {"Authorization": f"Bearer {_key(key)}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(address, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.read()
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise ClassServiceError(
                f"The service at {url} refused the lecturer key (HTTP {error.code}). Use the key "
                "printed when the service started (key=... or "
                f"{KEY_VARIABLE})."
            ) from None
        try:
            said = json.loads(error.read().decode("utf-8")).get("error", "")
        except (ValueError, AttributeError):
            said = ""
        if error.code == 404:
            raise ClassServiceError(
                said or f"The service at {url} has no class session with the code {code!r}."
            ) from None
        raise ClassServiceError(
            f"The service at {url} answered HTTP {error.code}" + (f": {said}" if said else ".")
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ClassServiceError(
            f"Cannot reach the class service at {url} ({reason}). Check that it is running "
            "(alliance-lab class serve) and that this computer can reach it: on campus Wi-Fi "
            "that blocks device-to-device traffic use a phone hotspot or a department server."
        ) from None


def _post(url, *, code, key, tail, body, timeout=60):
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ClassServiceError(
            f"url must be the service's address, starting with http:// or https://; got {url!r}."
        )
    reply = _get(url, code=code, key=key, tail=tail, timeout=timeout, body=body)
    return json.loads(reply.decode("utf-8"))


def start_class_session(url, *, instrument="bordin-teaching", mode="hall", title="", key=None):
    """Open a class session on the service; returns its ``code``, ``join_url`` and more.

    ``mode`` is ``"hall"`` (the whole hall rates one role-play) or ``"triads"`` (each
    triad its own). The key comes from ``key=`` or ``ALLIANCE_LAB_CLASS_KEY``.
    """
    body = {"instrument": instrument, "mode": mode, "title": title}
    return _post(url, code=None, key=key, tail="api/sessions", body=body)


def open_class_round(url, *, code, key=None):
    """Open the next round (role-play) of a class session; returns its number."""
    return int(_post(url, code=code, key=key, tail="rounds", body={})["round"])


@renamed_keywords(groups="n_groups")
def rehearse_class_round(url, *, code, n_students, n_groups=None, seed=None, key=None):
    """Fill the open round with simulated students (rehearsal); returns how many forms.

    The students' answers come from ``al.simulate_raters``: whole hall, one client, one
    therapist and observers; triads (``n_groups=``), one of each chair per triad.
    ``seed=None`` lets the service draw fresh answers for every round.
    """
    body = {"n_students": n_students, "groups": n_groups, "seed": seed}
    body = {name: value for name, value in body.items() if value is not None}
    return int(_post(url, code=code, key=key, tail="rehearse", body=body)["submissions"])


def fetch_class(url, *, code, key=None, timeout=5):
    """A class session as the service reports it: session, rounds and answers.

    Returns
    -------
    session : dict
        ``code``, ``title``, ``join_url``, ``instrument``, ``mode``, ``status``, ...
    rounds : DataFrame
        ``round``, ``status``.
    answers : DataFrame
        One row per answered item: ``submission``, ``round``, ``group``, ``perspective``,
        ``respondent``, ``item``, ``response``, ``submitted_at``.

    Raises
    ------
    ClassServiceError
        With a plain message, when the service cannot be reached, refuses the key or
        does not know the code.
    """
    body = _get(url, code=code, key=key, tail="answers", timeout=timeout)
    try:
        payload = json.loads(body.decode("utf-8"))
        session = payload["session"]
        rounds = pd.DataFrame(payload["rounds"], columns=["round", "status"])
        answers = pd.DataFrame(payload["answers"], columns=ANSWER_COLUMNS)
    except (ValueError, KeyError, TypeError):
        raise ClassServiceError(
            f"The address {url} answered, but not as the class service does. Check the URL."
        ) from None
    answers["response"] = pd.to_numeric(answers["response"], errors="coerce")
    return session, rounds, answers


def class_results(url, *, code, key=None, path=None, timeout=30):
    """Download a class session's answers as a long table that ``al.score`` reads.

    Parameters
    ----------
    url : str
        The service's address, e.g. ``"http://192.168.1.20:8000"``.
    code : str
        The class session's join code.
    key : str, optional
        The lecturer key (default: the environment variable ``ALLIANCE_LAB_CLASS_KEY``).
    path : str or Path, optional
        Also keep the CSV file here (for R, SPSS, jamovi or a spreadsheet).

    Returns
    -------
    DataFrame
        ``instrument``, ``version``, ``round``, ``group``, ``perspective``,
        ``respondent``, ``submission``, ``submitted_at``, ``item``, ``response``:
        pass it to ``al.score(data, instrument)`` or ``al.cronbach_alpha``.
    """
    body = _get(url, code=code, key=key, tail="answers.csv", timeout=timeout)
    if path is not None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        return _read(target)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"class-{code}.csv"
        target.write_bytes(body)
        return _read(target)


def _read(path):
    header = path.read_text(encoding="utf-8").splitlines()[:1]
    if header and "instrument" not in header[0]:
        raise ClassServiceError("The file the service sent has no instrument column.")
    if len(path.read_text(encoding="utf-8").splitlines()) < 2:  # header only: no answers yet
        return pd.read_csv(path)
    data = import_responses_csv(path)
    for column in ("round", "group"):
        if column in data.columns:
            data[column] = pd.to_numeric(data[column], errors="coerce").astype("Int64")
    return data
