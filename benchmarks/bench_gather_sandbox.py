"""How many small account upserts a second the Gather sandbox answers on loopback.

The sandbox must never be what limits a sync benchmark, so this drives it harder than the app
can: several client processes, each with one `http.client` keep-alive connection, post small
account upserts as fast as answers come back. For comparison it then measures what one process
using `requests.Session` (the app's client library) gets from the same server in the same run;
shared/PROTOCOLS.md reports that tops out near 1,600-1,900 requests/s per process.

The sandbox runs in its own process, as in the app's benchmarks, and stops when this script
closes its standard input.

    .venv/bin/python benchmarks/bench_gather_sandbox.py [--clients 3] [--total 20000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from sandbox_processes import PROJECT_ROOT, gather_command

API_KEY = "bench-key"
UPSERT_PATH = "/models/account/records"



def account(prefix: str, number: int) -> dict[str, str]:
    return {"id": f"{prefix}-{number}", "name": f"Account {number}", "plan": "pro", "size": "50-100"}


def push_upserts(url: str, prefix: str, count: int, seconds: float, ready, results) -> None:
    """One client process: `count` upserts over one keep-alive connection, or until `seconds` pass."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    headers = {"Authorization": f"Token {API_KEY}", "Content-Type": "application/json"}
    ready.wait()
    started = time.monotonic()
    deadline = started + seconds
    done = failed = 0
    for number in range(count):
        if time.monotonic() > deadline:
            break
        connection.request("POST", UPSERT_PATH, json.dumps(account(prefix, number)), headers)
        response = connection.getresponse()
        response.read()
        if response.status in (200, 201):
            done += 1
        else:
            failed += 1
    results.put((done, failed, started, time.monotonic()))
    connection.close()


def run_http_client(url: str, clients: int, total: int, seconds: float) -> tuple[int, int, float]:
    """(answered, failed, seconds) for `clients` processes started together."""
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(clients)
    results = context.Queue()
    workers = [
        context.Process(
            target=push_upserts,
            args=(url, f"hc{index}", total // clients + (index < total % clients), seconds, ready, results),
        )
        for index in range(clients)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = max(end for *_, end in outcomes) - min(start for _, _, start, _ in outcomes)
    return sum(done for done, *_ in outcomes), sum(failed for _, failed, *_ in outcomes), elapsed


def loopback_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment on loopback
    session.headers["Authorization"] = f"Token {API_KEY}"
    return session


def run_requests_session(url: str, count: int, seconds: float) -> tuple[int, int, float]:
    """(answered, failed, seconds) for one process with a `requests.Session`."""
    session = loopback_session()
    started = time.monotonic()
    done = failed = 0
    for number in range(count):
        if time.monotonic() - started > seconds:
            break
        response = session.post(url + UPSERT_PATH, json=account("rq", number), timeout=10)
        if response.status_code in (200, 201):
            done += 1
        else:
            failed += 1
    session.close()
    return done, failed, time.monotonic() - started


def report(label: str, done: int, failed: int, elapsed: float) -> None:
    print(f"{label:<44} {done:>7} ok {failed:>4} failed {elapsed:>7.2f} s {done / elapsed:>9,.0f} requests/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=3, help="client processes using http.client (default 3)")
    parser.add_argument("--total", type=int, default=20_000, help="upserts across those processes (default 20000)")
    parser.add_argument("--seconds", type=float, default=60, help="stop each part after this long (default 60)")
    parser.add_argument("--requests-total", type=int, default=5_000, help="upserts for the requests.Session part")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            gather_command(Path(folder) / "gather.db", API_KEY),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        try:
            url = server.stdout.readline().strip()
            if not url:
                print("The sandbox did not start; see its error above.", file=sys.stderr)
                return 1
            print(f"Gather sandbox at {url} (its own process); small account upserts, keep-alive.")
            pushed = run_http_client(url, options.clients, options.total, options.seconds)
            report(f"http.client, {options.clients} processes x 1 connection", *pushed)
            report("requests.Session, 1 process", *run_requests_session(url, options.requests_total, options.seconds))
            with loopback_session() as session:
                stats = session.get(url + "/_sandbox/stats", timeout=10).json()
            print(f"The sandbox counted {stats['total']} requests: {stats['requests']}")
        finally:
            server.stdin.close()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
