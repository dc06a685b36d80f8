"""A throwaway PostgreSQL server for tests and the class benchmark.

Debian's ``postgresql`` package provides the programs; the server runs from a temporary
folder in /tmp (pytest's own temporary folders are private to root, and the server
refuses to run as root, so as root the folder is handed to the ``postgres`` user),
listens on 127.0.0.1 only, and is stopped and removed afterwards.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["MISSING", "find_bin", "temporary_postgres"]

MISSING = (
    "PostgreSQL server programs not found (/usr/lib/postgresql/*/bin/initdb); the class "
    "service tests against PostgreSQL need them. Install with: sudo apt-get install -y postgresql"
)


def find_bin():
    """The folder with initdb and pg_ctl, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def temporary_postgres(*, durable=False):
    """Start a PostgreSQL server; yield its URL ``postgresql://app@127.0.0.1:PORT/postgres``.

    ``durable=False`` (tests) turns off fsync; the benchmark keeps it on, as a real
    server would.
    """
    folder_bin = find_bin()
    if folder_bin is None:
        raise FileNotFoundError(MISSING)
    as_postgres = []
    folder = tempfile.mkdtemp(prefix="alliance-pg-", dir="/tmp")
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    data = os.path.join(folder, "data")
    started = False
    try:
        subprocess.run(
            [
                *as_postgres,
                str(folder_bin / "initdb"),
                "-D",
                data,
                "-A",
                "trust",
                "-U",
                "app",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *as_postgres,
                str(folder_bin / "pg_ctl"),
                "-D",
                data,
                "-o",
                options,
                "-w",
                "-l",
                os.path.join(folder, "server.log"),
                "start",
            ],
            check=True,
            capture_output=True,
        )
        started = True
        yield f"postgresql://app@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                [
                    *as_postgres,
                    str(folder_bin / "pg_ctl"),
                    "-D",
                    data,
                    "-m",
                    "fast" if durable else "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
            )
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server_url, name):
    """Create an empty database on the server; return its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name
