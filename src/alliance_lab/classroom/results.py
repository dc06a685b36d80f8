"""A class session's answers as JSON rows and as a CSV file in the package's long format.

The CSV has the columns ``instrument, version, round, group, perspective, respondent,
submission, submitted_at, item, response``: ``al.import_responses_csv`` reads it and
``al.score`` scores it. ``respondent`` is a pseudonym of the student's device, the same
in every round of one session (so a student's rounds can be followed), and means
nothing outside it.
"""

import csv
import io

__all__ = ["CSV_COLUMNS", "answer_rows", "answers_csv"]

CSV_COLUMNS = [
    "instrument",
    "version",
    "round",
    "group",
    "perspective",
    "respondent",
    "submission",
    "submitted_at",
    "item",
    "response",
]


def answer_rows(store, session, *, since=None):
    """One dict per answered item: what ``GET /api/sessions/{code}/answers`` returns."""
    return [
        {
            "submission": submission,
            "round": round_,
            "group": group,
            "perspective": perspective,
            "respondent": "s-" + device[:10],
            "item": item,
            "response": response,
            "submitted_at": submitted_at,
        }
        for submission, round_, group, perspective, device, item, response, submitted_at in (
            store.answer_rows(session["id"], since=since)
        )
    ]


def answers_csv(store, session):
    """The CSV text of a session's answers (numbers bare, text quoted).

    Every text cell is an instrument id, a version, a chair, a pseudonym or a time
    stamp written by the service itself: none can start a spreadsheet formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in answer_rows(store, session):
        writer.writerow(
            [
                session["instrument"],
                session["version"],
                row["round"],
                "" if row["group"] is None else row["group"],
                row["perspective"],
                row["respondent"],
                row["submission"],
                row["submitted_at"],
                row["item"],
                "" if row["response"] is None else row["response"],
            ]
        )
    return buffer.getvalue()
