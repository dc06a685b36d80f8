"""The class database: sessions, rounds and the students' answers (SQLAlchemy Core).

One layer for both databases: an SQLite file in the data folder by default, or a
PostgreSQL server given by URL. The service creates the tables itself and records the
layout it wrote in a one-row schema-version table, so a later version can upgrade an
older database step by step (and refuses a database written by a newer version).

What is stored about a student: the round, the triad number (``group``), the chair
(``perspective``), the answers, the time, and a one-way hash of the random token their
browser keeps in a cookie (it stops double submission within a round). No name, no
e-mail, no network address.
"""

import hashlib
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .codes import new_code

__all__ = ["SCHEMA_VERSION", "ClassStore", "RoundClosed", "database_url_for"]

SCHEMA_VERSION = 1
DATABASE_FILE = "class.sqlite3"

metadata = sa.MetaData()
schema_version = sa.Table(
    "class_schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)
settings = sa.Table(
    "class_settings",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
sessions = sa.Table(
    "class_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(12), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("instrument", sa.String(80), nullable=False),
    sa.Column("version", sa.String(20), nullable=False),
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)
rounds = sa.Table(
    "class_rounds",
    metadata,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), primary_key=True),
    sa.Column("round", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("opened_at", sa.String(32), nullable=False),
    sa.Column("closed_at", sa.String(32)),
)
submissions = sa.Table(
    "class_submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("device", sa.String(64), nullable=False),
    sa.Column("group", sa.Integer),
    sa.Column("perspective", sa.String(20), nullable=False),
    sa.Column("submitted_at", sa.String(32), nullable=False),
    sa.Column("changes", sa.Integer, nullable=False, default=0),
    sa.UniqueConstraint("session_id", "round", "device", name="one_answer_per_device"),
)
answers = sa.Table(
    "class_answers",
    metadata,
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("class_submissions.id"), primary_key=True),
    sa.Column("item", sa.Integer, primary_key=True),
    sa.Column("response", sa.Float),
)


class RoundClosed(ValueError):
    """The round an answer was sent for is not open (closed, or never opened)."""


def _now():
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def database_url_for(database_url=None, data_dir=None):
    """The SQLAlchemy URL: PostgreSQL as given (``postgresql://`` uses psycopg 3), else the
    SQLite file ``class.sqlite3`` in the data folder.

    >>> database_url_for("postgresql://app@127.0.0.1:5432/postgres")
    'postgresql+psycopg://app@127.0.0.1:5432/postgres'
    """
    if database_url:
        url = str(database_url)
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain) :]
        if not url.startswith(("postgresql+", "sqlite")):
            raise ValueError(
                f"database must be a postgresql://... or sqlite:///... URL; got {url!r}."
            )
        return url
    from ..storage import data_folder

    return "sqlite:///" + str(Path(data_folder(data_dir)) / DATABASE_FILE)


def device_hash(token):
    """One-way hash of a device token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:40]


class ClassStore:
    """All reads and writes of class mode; each method is one transaction."""

    def __init__(self, database_url):
        self.url = database_url
        self.sqlite = database_url.startswith("sqlite")
        if self.sqlite:
            self.engine = sa.create_engine(
                database_url, connect_args={"timeout": 30, "check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(
                database_url, pool_size=10, max_overflow=20, pool_pre_ping=True
            )
        # SQLite allows one writer at a time: writers in this process queue here instead of
        # retrying on "database is locked" (other processes wait through the busy timeout).
        self._write_lock = threading.Lock() if self.sqlite else None
        self._create_schema()

    # -- schema -------------------------------------------------------------------------
    def _create_schema(self):
        metadata.create_all(self.engine, checkfirst=True)
        with self.engine.begin() as con:
            found = con.execute(sa.select(schema_version.c.version)).scalars().all()
            if not found:
                con.execute(schema_version.insert().values(version=SCHEMA_VERSION))
            elif max(found) > SCHEMA_VERSION:
                raise ValueError(
                    f"This class database has schema version {max(found)}, written by a newer "
                    f"alliance_lab (this one knows version {SCHEMA_VERSION}). Upgrade "
                    "alliance_lab, or start with another database."
                )
            # Upgrades from older versions go here, one step at a time, when there are any.

    def schema_version(self):
        with self.engine.connect() as con:
            return con.execute(sa.select(sa.func.max(schema_version.c.version))).scalar_one()

    def _write(self):
        return _Writing(self)

    def secret(self):
        """A random secret shared by every server process on this database (signs tokens)."""
        with self._write() as con:
            value = con.execute(
                sa.select(settings.c.value).where(settings.c.name == "secret")
            ).scalar()
            if value is None:
                value = secrets.token_hex(32)
                con.execute(settings.insert().values(name="secret", value=value))
        return value

    # -- sessions -----------------------------------------------------------------------
    def create_session(self, *, instrument, version, mode, title):
        for _ in range(20):
            code = new_code()
            try:
                with self._write() as con:
                    con.execute(
                        sessions.insert().values(
                            code=code,
                            title=title,
                            instrument=instrument,
                            version=version,
                            mode=mode,
                            status="open",
                            created_at=_now(),
                        )
                    )
            except IntegrityError:  # the code is taken: draw another
                continue
            return self.get_session(code)
        raise RuntimeError("could not find a free join code")  # pragma: no cover

    def get_session(self, code):
        with self.engine.connect() as con:
            row = con.execute(sa.select(sessions).where(sessions.c.code == code)).mappings().first()
        return dict(row) if row else None

    def list_sessions(self):
        with self.engine.connect() as con:
            rows = con.execute(sa.select(sessions).order_by(sessions.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def set_status(self, session_id, status):
        with self._write() as con:
            con.execute(sessions.update().where(sessions.c.id == session_id).values(status=status))
            if status != "open":
                con.execute(
                    rounds.update()
                    .where(rounds.c.session_id == session_id, rounds.c.status == "open")
                    .values(status="closed", closed_at=_now())
                )

    def delete_session(self, session_id):
        with self._write() as con:
            ids = sa.select(submissions.c.id).where(submissions.c.session_id == session_id)
            con.execute(answers.delete().where(answers.c.submission_id.in_(ids)))
            con.execute(submissions.delete().where(submissions.c.session_id == session_id))
            con.execute(rounds.delete().where(rounds.c.session_id == session_id))
            con.execute(sessions.delete().where(sessions.c.id == session_id))

    # -- rounds -------------------------------------------------------------------------
    def list_rounds(self, session_id):
        with self.engine.connect() as con:
            rows = con.execute(
                sa.select(rounds.c.round, rounds.c.status)
                .where(rounds.c.session_id == session_id)
                .order_by(rounds.c.round)
            ).mappings()
            return [dict(r) for r in rows]

    def open_round(self, session_id):
        """Close the open round (if any) and open the next one; return its number."""
        with self._write() as con:
            last = con.execute(
                sa.select(sa.func.max(rounds.c.round)).where(rounds.c.session_id == session_id)
            ).scalar()
            con.execute(
                rounds.update()
                .where(rounds.c.session_id == session_id, rounds.c.status == "open")
                .values(status="closed", closed_at=_now())
            )
            number = (last or 0) + 1
            con.execute(
                rounds.insert().values(
                    session_id=session_id, round=number, status="open", opened_at=_now()
                )
            )
        return number

    def close_round(self, session_id, number):
        """Close round ``number``; False if it does not exist."""
        with self._write() as con:
            found = con.execute(
                sa.select(rounds.c.status).where(
                    rounds.c.session_id == session_id, rounds.c.round == number
                )
            ).scalar()
            if found is None:
                return False
            con.execute(
                rounds.update()
                .where(rounds.c.session_id == session_id, rounds.c.round == number)
                .values(status="closed", closed_at=_now())
            )
        return True

    def open_round_number(self, session_id):
        with self.engine.connect() as con:
            return con.execute(
                sa.select(sa.func.max(rounds.c.round)).where(
                    rounds.c.session_id == session_id, rounds.c.status == "open"
                )
            ).scalar()

    # -- answers ------------------------------------------------------------------------
    def save_submission(self, *, session_id, round, device, group, perspective, responses):
        """Store one student's form for a round, replacing their earlier one.

        ``responses`` maps item number to response. Returns ``(submission, replaced)``.
        Raises ``RoundClosed`` when the round is not open at the moment of writing.
        """
        stamp = _now()
        for attempt in range(3):
            try:
                with self._write() as con:
                    status = con.execute(
                        sa.select(rounds.c.status)
                        .where(rounds.c.session_id == session_id, rounds.c.round == round)
                        .with_for_update(read=True)
                    ).scalar()
                    if status != "open":
                        raise RoundClosed(round)
                    return _upsert(
                        con, session_id, round, device, group, perspective, responses, stamp
                    )
            except IntegrityError:  # the same device sent twice at once: the later one wins
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def save_many(self, *, session_id, round, forms):
        """Store many forms in one transaction (rehearsal): ``forms`` is a list of
        ``(device, group, perspective, responses)``. The round must exist."""
        stamp = _now()
        with self._write() as con:
            for device, group, perspective, responses in forms:
                _upsert(con, session_id, round, device, group, perspective, responses, stamp)
        return len(forms)

    def previous_submission(self, *, session_id, round, device):
        with self.engine.connect() as con:
            row = (
                con.execute(
                    sa.select(submissions).where(
                        submissions.c.session_id == session_id,
                        submissions.c.round == round,
                        submissions.c.device == device,
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return None
            given = con.execute(
                sa.select(answers.c.item, answers.c.response).where(
                    answers.c.submission_id == row["id"]
                )
            ).all()
        return {**dict(row), "responses": {item: response for item, response in given}}

    def answer_rows(self, session_id, *, since=None):
        """Every stored answer of a session (one current form per device and round), as
        tuples ``(submission, round, group, perspective, device, item, response,
        submitted_at)`` ordered by submission and item; ``since`` keeps the forms sent or
        changed at or after that time."""
        query = (
            sa.select(
                submissions.c.id,
                submissions.c.round,
                submissions.c.group,
                submissions.c.perspective,
                submissions.c.device,
                answers.c.item,
                answers.c.response,
                submissions.c.submitted_at,
            )
            .join(answers, answers.c.submission_id == submissions.c.id)
            .where(submissions.c.session_id == session_id)
            .order_by(submissions.c.id, answers.c.item)
        )
        if since is not None:
            query = query.where(submissions.c.submitted_at >= since)
        with self.engine.connect() as con:
            return con.execute(query).all()

    def answers_state(self, session_id):
        """A cheap fingerprint of a session's answers: it changes whenever a form is
        added or replaced (number of forms, number of changes, latest time)."""
        with self.engine.connect() as con:
            return tuple(
                con.execute(
                    sa.select(
                        sa.func.count(),
                        sa.func.sum(submissions.c.changes),
                        sa.func.max(submissions.c.submitted_at),
                    ).where(submissions.c.session_id == session_id)
                ).one()
            )

    def count_submissions(self, session_id):
        """Number of forms per round: ``{round: n}``."""
        with self.engine.connect() as con:
            rows = con.execute(
                sa.select(submissions.c.round, sa.func.count())
                .where(submissions.c.session_id == session_id)
                .group_by(submissions.c.round)
            ).all()
        return {r: n for r, n in rows}

    def dispose(self):
        self.engine.dispose()


def _upsert(con, session_id, round, device, group, perspective, responses, stamp):
    old = con.execute(
        sa.select(submissions.c.id, submissions.c.changes).where(
            submissions.c.session_id == session_id,
            submissions.c.round == round,
            submissions.c.device == device,
        )
    ).first()
    if old is None:
        submission = con.execute(
            submissions.insert().values(
                session_id=session_id,
                round=round,
                device=device,
                group=group,
                perspective=perspective,
                submitted_at=stamp,
                changes=0,
            )
        ).inserted_primary_key[0]
    else:
        submission = old.id
        con.execute(answers.delete().where(answers.c.submission_id == submission))
        con.execute(
            submissions.update()
            .where(submissions.c.id == submission)
            .values(
                group=group, perspective=perspective, submitted_at=stamp, changes=old.changes + 1
            )
        )
    con.execute(
        answers.insert(),
        [
            {"submission_id": submission, "item": int(item), "response": response}
            for item, response in sorted(responses.items())
        ],
    )
    return submission, old is not None


class _Writing:
    """One write transaction; on SQLite also holds the process's writer lock."""

    def __init__(self, store):
        self.store = store
        self.context = None

    def __enter__(self):
        if self.store._write_lock is not None:
            self.store._write_lock.acquire()
        try:
            self.context = self.store.engine.begin()
            return self.context.__enter__()
        except BaseException:
            if self.store._write_lock is not None:
                self.store._write_lock.release()
            raise

    def __exit__(self, *exc):
        try:
            return self.context.__exit__(*exc)
        finally:
            if self.store._write_lock is not None:
                self.store._write_lock.release()


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
