"""How long a save waits when another program holds the answers database (a script, not a test).

Run ``.venv/bin/python benchmarks/bench_storage_lock.py``. Another connection holds an
exclusive lock; ``al.save_response`` should give up with its plain message after
``storage.LOCK_TIMEOUT`` seconds (5 s), not hang. It prints the time to the message for
the default timeout and for 0.3 s, and the overshoot beyond the timeout (aim: under
0.2 s). It prints, it does not assert.
"""

import sqlite3
import tempfile
import time
from pathlib import Path

import alliance_lab as al
from alliance_lab import storage

FORM = {1: 6, 2: 5, 3: 2, 4: 7, 5: 4}


def time_to_message(folder, timeout):
    storage.LOCK_TIMEOUT = timeout
    holder = sqlite3.connect(Path(folder) / storage.DATABASE)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.perf_counter()
        try:
            al.save_response(FORM, "arm-5", data_dir=folder)
        except OSError:
            return time.perf_counter() - start
        raise RuntimeError("the save went through a held lock")
    finally:
        holder.rollback()
        holder.close()


def main():
    default = storage.LOCK_TIMEOUT
    with tempfile.TemporaryDirectory() as folder:
        al.save_response(FORM, "arm-5", data_dir=folder)  # create the database first
        for timeout in (0.3, default):
            took = time_to_message(folder, timeout)
            print(
                f"lock held, timeout {timeout:g} s: message after {took:.2f} s "
                f"(overshoot {took - timeout:+.2f} s)"
            )
    storage.LOCK_TIMEOUT = default


if __name__ == "__main__":
    main()
