"""Class mode under a lecture hall's load: 500 phones submit within 30 s (a script, not a test).

For SQLite and for PostgreSQL: the service runs as its own process
(``alliance-lab class serve``) on 127.0.0.1; 500 simulated students arrive at random
times over 20 s, each opening the form, sending it and reading "received", at most 100
at once; meanwhile the lecturer's view reads ``/api/sessions/{code}/answers`` once a
second. Printed: lost and duplicated forms (both must be 0), p50/p95 response times,
forms per second, and the lecturer refresh times (budget: under 1 s).

Loopback only, bounded in count (500 students) and time (90 s per database). Needs the
PostgreSQL server programs (``apt-get install postgresql``) for the second half. Run:
``.venv/bin/python benchmarks/bench_class.py [--students 500]``.
"""

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from postgres_server import find_bin, temporary_postgres  # noqa: E402

from alliance_lab.classroom.store import device_hash  # noqa: E402

KEY = "bench-lecturer-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
ARRIVALS_S = 20  # default; --seconds changes it (at most 30)
MAX_IN_FLIGHT = 100
TIME_LIMIT_S = 90
N_ITEMS = 12


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(database, data_dir):
    port = _free_port()
    command = [sys.executable, "-m", "alliance_lab.app.cli", "class", "serve", "--port", str(port)]
    command += ["--database", database] if database else ["--data-dir", data_dir]
    process = subprocess.Popen(
        command,
        env={**os.environ, "ALLIANCE_LAB_CLASS_KEY": KEY},
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_LOG", os.devnull), "a"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the class service did not start")


async def _request(reader, writer, method, path, *, cookie="", body=b""):
    """One HTTP/1.1 request on an open connection: ``(status, headers, text)``.

    A few lines of asyncio instead of a full client library, so the simulated phones
    spend little CPU and the measured time is the service's.
    """
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    if cookie:
        head.append(f"Cookie: {cookie}")
    if body:
        head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int(headers.get("content-length", ["0"])[0])
    text = (await reader.readexactly(length)).decode("utf-8") if length else ""
    return status, headers, text


async def one_student(url, code, number, delay, gate, record):
    await asyncio.sleep(delay)
    answers = {i: (number + i) % 5 + 1 for i in range(1, N_ITEMS + 1)}
    host, port = url.rsplit("/", 1)[1].split(":")
    async with gate:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            start = time.perf_counter()
            status, headers, page = await _request(
                reader, writer, "GET", f"/c/{code}/form?perspective=observer"
            )
            record["get"].append(time.perf_counter() - start)
            cookie = headers["set-cookie"][0].split(";", 1)[0]
            device = cookie.split("=", 1)[1]
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            data = {"csrf": csrf, "round": "1", "perspective": "observer"}
            data |= {f"item-{i}": str(v) for i, v in answers.items()}
            start = time.perf_counter()
            status, headers, _ = await _request(
                reader, writer, "POST", f"/c/{code}/form", cookie=cookie,
                body=urlencode(data).encode(),
            )  # fmt: skip
            ok = False
            if status == 303:
                status, _, text = await _request(
                    reader, writer, "GET", headers["location"][0], cookie=cookie
                )
                ok = status == 200 and "Received" in text
            record["post"].append(time.perf_counter() - start)
        finally:
            writer.close()
    record["sent"].append(("s-" + device_hash(device)[:10], answers, ok))


async def lecturer_view(url, code, stop, record):
    async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=30) as view:
        while not stop.is_set():
            start = time.perf_counter()
            reply = await view.get(f"/api/sessions/{code}/answers")
            reply.raise_for_status()
            record["view"].append(time.perf_counter() - start)
            try:
                await asyncio.wait_for(stop.wait(), timeout=1.0)
            except TimeoutError:
                pass


async def hall(url, n_students, seed, arrivals):
    async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=30) as api:
        made = await api.post("/api/sessions", json={"instrument": "bordin-teaching"})
        code = made.json()["code"]
        await api.post(f"/api/sessions/{code}/rounds")
    rng = random.Random(seed)
    record = {"get": [], "post": [], "sent": [], "view": []}
    gate = asyncio.Semaphore(MAX_IN_FLIGHT)
    stop = asyncio.Event()
    viewer = asyncio.create_task(lecturer_view(url, code, stop, record))
    start = time.perf_counter()
    students = [
        asyncio.ensure_future(one_student(url, code, n, rng.uniform(0, arrivals), gate, record))
        for n in range(n_students)
    ]
    done, late = await asyncio.wait(students, timeout=TIME_LIMIT_S)
    elapsed = time.perf_counter() - start
    for task in late:  # bounded in time: whoever is not done by then counts as an error
        task.cancel()
    stop.set()
    await viewer
    async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=30) as api:
        rows = (await api.get(f"/api/sessions/{code}/answers")).json()["answers"]
    errors = [t.exception() for t in done if t.exception() is not None]
    errors += [TimeoutError(f"not done within {TIME_LIMIT_S} s")] * len(late)
    return code, record, rows, errors, elapsed


def report(name, n_students, record, rows, errors, elapsed, arrivals):
    stored = {}
    for row in rows:
        stored.setdefault(row["respondent"], {}).setdefault(row["submission"], {})[row["item"]] = (
            row["response"]
        )
    confirmed = [(who, answers) for who, answers, ok in record["sent"] if ok]
    lost = sum(
        1
        for who, answers in confirmed
        if who not in stored
        or list(stored[who].values())[-1] != {i: float(v) for i, v in answers.items()}
    )
    duplicated = sum(len(forms) - 1 for forms in stored.values()) + max(
        0, len(rows) - N_ITEMS * len(stored)
    )

    def ms(values, q):
        return 1000 * statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else 0.0

    posts = record["post"]
    print(
        f"{name:<10} students {n_students}  confirmed {len(confirmed)}  stored {len(stored)}  "
        f"lost {lost}  duplicated {duplicated}  errors {len(errors)}\n"
        f"{'':<10} send+received p50 {ms(posts, 50):6.1f} ms  p95 {ms(posts, 95):6.1f} ms  "
        f"open form p50 {ms(record['get'], 50):6.1f} ms  p95 {ms(record['get'], 95):6.1f} ms\n"
        f"{'':<10} {len(confirmed) / elapsed:5.1f} forms/s over {elapsed:4.1f} s (arrivals spread "
        f"over {arrivals:g} s)  lecturer refresh: {len(record['view'])} reads, median "
        f"{1000 * statistics.median(record['view']):5.0f} ms, max "
        f"{1000 * max(record['view']):5.0f} ms ({'within' if max(record['view']) < 1 else 'OVER'}"
        " the 1 s budget)"
    )
    for error in errors[:3]:
        print(f"{'':<10} error: {error!r}")


def cpu_seconds(pid):
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(name, database, n_students, seed, arrivals):
    with tempfile.TemporaryDirectory() as data_dir:
        process, url = start_service(database, data_dir)
        try:
            server_before, own_before = cpu_seconds(process.pid), time.process_time()
            _, record, rows, errors, elapsed = asyncio.run(hall(url, n_students, seed, arrivals))
            server_cpu = cpu_seconds(process.pid) - server_before
            own_cpu = time.process_time() - own_before
        finally:
            process.terminate()
            process.wait(timeout=30)
    report(name, n_students, record, rows, errors, elapsed, arrivals)
    load = os.getloadavg()[0]
    print(
        f"{'':<10} CPU: service {server_cpu:.1f} s, simulated phones {own_cpu:.1f} s; "
        f"machine load average {load:.1f} on {os.cpu_count()} cores"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--seconds", type=float, default=ARRIVALS_S, help="students arrive over this many seconds"
    )
    args = parser.parse_args()
    n_students = max(1, min(args.students, 2000))  # bounded
    arrivals = max(0.0, min(args.seconds, 30.0))
    run("SQLite", None, n_students, args.seed, arrivals)
    if find_bin() is None:
        print("PostgreSQL    skipped: the server programs are missing (apt-get install postgresql)")
        return
    with temporary_postgres(durable=True) as database:
        run("PostgreSQL", database, n_students, args.seed, arrivals)


if __name__ == "__main__":
    main()
