"""The sync engine on the `scale` org, against a bare `requests` loop that sends the same data.

Issue 4's benchmark, in one run (figures are printed, never asserted):

  (a) first full sync: the engine (`run_sync`, as `gather-desktop sync` wires it) against "the
      floor": the very payloads the engine sends (made beforehand with the app's own
      `build_plans` + `ModelPlan.map_record` on the pages the connector reads, invalid records
      left out as the engine leaves them out), POSTed to `/models/{model}/records` by a
      `ThreadPoolExecutor(8)` whose 8 workers each keep one `requests.Session` alive and take
      the next payload from a shared list, accounts first and then users, as the engine does.
      The floor's timer starts after its payloads are made, so it measures sending alone; the
      engine's time is all of `run_sync` (sign-in, describes, reads, mapping, cache, sending).
      The floor runs twice, before and after the engine (so drift on a noisy machine shows):
      with `requests.Session()` as it comes, which like the app's Gather client honours the
      environment (proxies, netrc, CA bundle variables: a few `stat`s and two walks over
      `os.environ` per request), and with `trust_env = False`, the fastest `requests` gets.
      Each floor and the engine create their records in a Gather of their own that starts
      empty. Target: the engine at >= 0.8 of the floor's records/s.
  (b) the unchanged re-run, twice in the same data folder: as the app would run it next
      (incremental: reads only what changed since the first run's start minus 10 minutes,
      which in the scale org, whose timestamps are years old, is nothing), and "honest"
      (`DELETE FROM cursors` first, so all records are read, mapped, hashed and found
      unchanged in the cache). Gather writes are counted by the Gather sandbox itself
      (`GET /_sandbox/stats`, `POST /models/{model}/records`, before and after). Targets: 0
      writes, <= 5% of the first run's time.
  (c) Salesforce requests per 10,000 records read (the summary's `requests.salesforce`).
  (d) peak memory of a first full sync of 15,000 records (5,000 accounts + 10,000 contacts)
      and of 150,000 (the run of (a)), each in a fresh data folder against a fresh Gather:
      the RSS high-water mark of the process that ran it (VmHWM, reset through
      /proc/self/clear_refs just before `run_sync`) minus its RSS at that moment, so C
      allocations (SQLite's cache, sockets, JSON buffers) count too. (Not `ru_maxrss`: Linux
      carries a parent's high-water mark over fork and exec into the child.) Target: growth
      under 20%.

Processes: each engine run happens in a child process of its own (this script with
`--child`), so its RSS is its own and nothing of this script's (the floor's payloads) is
counted in it; the Salesforce emulator runs as `gather-desktop sandbox --dataset scale` (its
own process; the Gather that command also starts is not used), and each Gather is a
`GatherSandbox` in a process of its own. So the engine, Salesforce and Gather never share a
GIL. Secrets stay in memory (`MemorySecrets`), data folders are temporary, and every child
process is stopped at the end, also on error or Ctrl-C.

    .venv/bin/python benchmarks/bench_sync.py [--accounts 50000] [--contacts 100000]
        [--small-accounts 5000] [--small-contacts 10000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import requests
from sandbox_processes import (PROJECT_ROOT, first_line, gather_command, salesforce_info,
                               scale_sandbox_command)

INTEGRATION_NAME = "bench-scale"
ACCOUNT_ID_FIELD = "Gather_Id__c"        # the scale org's accounts: G-0000001 ...
USER_ID_FIELD = "Gather_User_Id__c"      # the scale org's contacts: U-0000001 ...
CHILD_TIMEOUT = 900                      # seconds; no engine run may hang the benchmark
RECORD_WRITES = "POST /models/{model}/records"



# -- the integration ----------------------------------------------------------------------

def integration_file(salesforce: dict[str, str]) -> dict[str, Any]:
    """Accounts and users created by their Gather ID fields; no filters, no custom objects."""
    return {
        "version": 1, "name": INTEGRATION_NAME,
        "source": {"kind": "salesforce", "login_url": salesforce["login_url"], "auth": "password",
                   "username": salesforce["username"], "ca_bundle": salesforce["ca_bundle"]},
        "accounts": {"method": "create", "id_field": ACCOUNT_ID_FIELD, "match_trait": None,
                     "extra_traits": [], "only_closed_won": False, "filter": None},
        "users": {"method": "create", "id_field": USER_ID_FIELD, "extra_traits": [],
                  "filter": None},
        "objects": [],
    }


def salesforce_secrets(salesforce: dict[str, str]) -> dict[str, str]:
    return {"password": salesforce["password"], "security_token": salesforce["security_token"]}


# -- processes ----------------------------------------------------------------------------

class Processes:
    """Every process this script starts, stopped at the end whatever happens."""

    def __init__(self) -> None:
        self._running: list[subprocess.Popen[str]] = []

    def start(self, args: list[str], **kwargs: Any) -> subprocess.Popen[str]:
        process = subprocess.Popen(args, cwd=PROJECT_ROOT, text=True, **kwargs)
        self._running.append(process)
        return process

    def stop(self, process: subprocess.Popen[str]) -> None:
        if process.poll() is None:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            else:
                process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process in self._running:
            self._running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self._running)):
            self.stop(process)


def start_salesforce(processes: Processes, accounts: int, contacts: int
                     ) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`gather-desktop sandbox --dataset scale` and the Salesforce part of its JSON line."""
    process = processes.start(scale_sandbox_command(accounts, contacts),
                              stdout=subprocess.PIPE)
    return process, salesforce_info(process)


def start_gather(processes: Processes, folder: Path) -> tuple[subprocess.Popen[str], str, str]:
    """A fresh, empty Gather sandbox in its own process: (process, url, api key)."""
    api_key = "bench-" + secrets.token_urlsafe(12)
    process = processes.start(gather_command(folder / "gather.db", api_key),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return process, first_line(process, "a Gather sandbox"), api_key


def gather_writes(url: str) -> int:
    """Record upserts the Gather sandbox has answered so far (any model)."""
    with requests.Session() as session:
        session.trust_env = False
        stats = session.get(url + "/_sandbox/stats", timeout=30).json()
    return int(stats["requests"].get(RECORD_WRITES, 0))


# -- one engine run, in a child process -----------------------------------------------------

def run_engine(processes: Processes, spec: dict[str, Any]) -> dict[str, Any]:
    """Run `run_sync` once in a child process (this script with --child); its report."""
    child = processes.start([sys.executable, __file__, "--child"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    try:
        out, _ = child.communicate(json.dumps(spec), timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        raise SystemExit(f"an engine run took more than {CHILD_TIMEOUT} s; stopped it")
    finally:
        processes.stop(child)
    if child.returncode != 0 or not out.strip():
        raise SystemExit(f"an engine run failed (exit code {child.returncode}); see above")
    report = json.loads(out.strip().splitlines()[-1])
    if report["summary"]["status"] != "succeeded":
        raise SystemExit(f"an engine run ended {report['summary']['status']}: "
                         f"{report['summary'].get('message')}")
    return report


def status_kib(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in KiB (Linux):
    VmRSS is the resident set now, VmHWM its high-water mark."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def reset_rss_peak() -> bool:
    """Start VmHWM again from the current RSS (Linux 4.0+); False where that is refused, and
    VmHWM then counts from the process's start, which only imports precede."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def child_main() -> int:
    """One sync, wired as `gather-desktop sync` wires it, with secrets held in memory."""
    spec = json.load(sys.stdin)
    from gather_desktop.core.integration import integration_to_dict, load_integration
    from gather_desktop.engine.sync import SyncOptions, run_sync
    from gather_desktop.sources.factory import open_source, secret_names
    from gather_desktop.store.integrations import save_integration
    from gather_desktop.store.secrets import MemorySecrets
    from gather_desktop.workspace import Workspace

    workspace = Workspace(Path(spec["data_dir"]), MemorySecrets())
    try:
        workspace.connect_gather(spec["gather_url"], spec["gather_key"])
        integration = load_integration(spec["integration"])
        with workspace.db.conn:
            save_integration(workspace.db, integration_to_dict(integration))
            if spec.get("clear_cursors"):
                workspace.db.execute("DELETE FROM cursors")
        workspace.save_integration_secrets(integration.name, spec["secrets"])
        secrets_ = workspace.integration_secrets(integration.name,
                                                 secret_names(integration.source))
        source = open_source(integration.source, secrets_)
        options = SyncOptions(full=spec.get("full", False), concurrency=spec["concurrency"])
        gc.collect()
        # Not getrusage's ru_maxrss: Linux carries the parent's high-water mark over fork and
        # exec into it, so a child of this (large) script would report the parent's peak.
        peak_reset = reset_rss_peak()
        rss_before = status_kib("VmRSS")
        started = time.perf_counter()
        try:
            summary = run_sync(integration, source, workspace.gather_client, workspace.db,
                               options, cancel=threading.Event())
        finally:
            seconds = time.perf_counter() - started
            source.close()
        peak = status_kib("VmHWM")
    finally:
        workspace.close()
    print(json.dumps({"summary": summary, "seconds": seconds, "rss_before_kib": rss_before,
                      "rss_peak_kib": peak,
                      "peak_reset": peak_reset}), flush=True)
    return 0


# -- the floor ----------------------------------------------------------------------------

def floor_payloads(salesforce: dict[str, str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Per model, in the engine's order, the payloads the engine sends on a first full sync:
    the app's own mapping of the connector's pages; invalid records and users whose account
    is not synced left out, as the engine's `Decider` leaves them out."""
    from gather_desktop.core.integration import load_integration
    from gather_desktop.core.mapping import build_plans
    from gather_desktop.sources.factory import open_source

    integration = load_integration(integration_file(salesforce))
    source = open_source(integration.source, salesforce_secrets(salesforce))
    try:
        plans = build_plans(integration, source.schema, source.objects())
        synced_accounts: set[str] = set()
        result = []
        for plan in plans:
            payloads = []
            for page in source.pages(plan.query):
                for record in page:
                    mapped = plan.map_record(record)
                    if not mapped.valid or (mapped.account_source_id is not None
                                            and mapped.account_source_id not in synced_accounts):
                        continue
                    if plan.model == "account":
                        synced_accounts.add(mapped.source_id)
                    payloads.append({"id": mapped.gather_id, **mapped.traits})
            result.append((plan.model, payloads))
        return result
    finally:
        source.close()


def push_floor(url: str, api_key: str, model: str, payloads: list[dict[str, Any]],
               concurrency: int, trust_env: bool) -> tuple[int, int]:
    """POST every payload with `concurrency` workers, one keep-alive Session each:
    (answered 200/201, other answers)."""
    address = f"{url}/models/{model}/records"
    lock = threading.Lock()
    remaining = iter(payloads)

    def worker() -> tuple[int, int]:
        done = failed = 0
        with requests.Session() as session:
            session.trust_env = trust_env
            session.headers["Authorization"] = f"Token {api_key}"
            while True:
                with lock:
                    payload = next(remaining, None)
                if payload is None:
                    return done, failed
                response = session.post(address, json=payload, timeout=30)
                if response.status_code in (200, 201):
                    done += 1
                else:
                    failed += 1

    with ThreadPoolExecutor(concurrency) as pool:
        results = [f.result() for f in [pool.submit(worker) for _ in range(concurrency)]]
    return sum(r[0] for r in results), sum(r[1] for r in results)


# -- the benchmark ------------------------------------------------------------------------

def sent(summary: dict[str, Any]) -> int:
    return sum(c["created"] + c["updated"] for c in summary["models"].values())


def matched(summary: dict[str, Any]) -> int:
    return sum(c["matched"] for c in summary["models"].values())


def counts_line(summary: dict[str, Any]) -> str:
    parts = []
    for model, c in summary["models"].items():
        shown = ", ".join(f"{k} {v:,}" for k, v in c.items() if v and k != "matched")
        parts.append(f"{model}: {c['matched']:,} read ({shown or 'nothing'})")
    return "; ".join(parts)


def per_10k(summary: dict[str, Any]) -> str:
    records = matched(summary)
    calls = summary["requests"].get("salesforce", 0)
    if not records:
        return f"{calls} requests for 0 records"
    return f"{calls * 10_000 / records:.1f} per 10,000 records ({calls} for {records:,})"


def run_floor(processes: Processes, folder: Path, by_model: list[tuple[str, list[dict]]],
              concurrency: int, trust_env: bool) -> dict[str, Any]:
    """Send the payloads to a fresh Gather of their own; the time, answers and writes."""
    folder.mkdir()
    process, url, api_key = start_gather(processes, folder)
    try:
        done = failed = 0
        started = time.perf_counter()
        for model, payloads in by_model:
            ok, other = push_floor(url, api_key, model, payloads, concurrency, trust_env)
            done += ok
            failed += other
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "done": done, "failed": failed,
                "writes": gather_writes(url), "payloads": sum(len(p) for _, p in by_model)}
    finally:
        processes.stop(process)


@contextlib.contextmanager
def temporary_folder(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield Path(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--small-accounts", type=int, default=5_000)
    parser.add_argument("--small-contacts", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main()

    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"  # unused:
    processes = Processes()                                  # secrets stay in memory
    with temporary_folder("bench-sync-") as tmp:
        os.environ["XDG_DATA_HOME"] = str(tmp / "xdg-data")
        try:
            return bench(args, processes, tmp)
        finally:
            processes.stop_all()


def bench(args: argparse.Namespace, processes: Processes, tmp: Path) -> int:
    big = args.accounts + args.contacts
    small = args.small_accounts + args.small_contacts
    print(f"Scale org: {args.accounts:,} accounts + {args.contacts:,} contacts (memory also "
          f"at {args.small_accounts:,} + {args.small_contacts:,}); concurrency "
          f"{args.concurrency}; Salesforce, each Gather and each engine run in its own "
          "process.", flush=True)
    _, salesforce = start_salesforce(processes, args.accounts, args.contacts)
    (tmp / "gather-engine").mkdir()
    _, engine_url, engine_key = start_gather(processes, tmp / "gather-engine")

    def spec(data_dir: Path, **extra: Any) -> dict[str, Any]:
        return {"data_dir": str(data_dir), "gather_url": engine_url, "gather_key": engine_key,
                "integration": integration_file(salesforce),
                "secrets": salesforce_secrets(salesforce), "concurrency": args.concurrency,
                **extra}

    # (a) the floor's payloads, made before any timer starts
    started = time.perf_counter()
    by_model = floor_payloads(salesforce)
    prepared = time.perf_counter() - started
    print(f"\nFloor payloads made in {prepared:.1f} s (not timed): "
          + ", ".join(f"{model} {len(p):,}" for model, p in by_model), flush=True)

    # (a) floor, requests as it comes; then the engine; then floor, trust_env=False
    floors = {"requests.Session() as it comes": run_floor(
        processes, tmp / "gather-floor-defaults", by_model, args.concurrency, trust_env=True)}

    # (a) + (d, large): the engine's first full sync
    data_dir = tmp / "data-large"
    before = gather_writes(engine_url)
    first = run_engine(processes, spec(data_dir))
    first_writes = gather_writes(engine_url) - before
    floors["trust_env = False"] = run_floor(
        processes, tmp / "gather-floor-no-env", by_model, args.concurrency, trust_env=False)
    del by_model
    gc.collect()
    report_first(first, first_writes, floors)

    # (b) the unchanged re-runs
    before = gather_writes(engine_url)
    incremental = run_engine(processes, spec(data_dir))
    incremental_writes = gather_writes(engine_url) - before
    before = gather_writes(engine_url)
    honest = run_engine(processes, spec(data_dir, clear_cursors=True))
    honest_writes = gather_writes(engine_url) - before
    processes.stop_all()  # the large org and its Gathers are done
    print("\n(b) Unchanged re-run (same data folder)")
    for label, run, writes in (("incremental (as the app runs it)", incremental,
                                incremental_writes),
                               ("all read, cache used (cursors cleared)", honest,
                                honest_writes)):
        share = run["seconds"] / first["seconds"]
        print(f"  {label:40} {run['seconds']:6.2f} s = {share:6.1%} of the first run; "
              f"{writes:,} Gather writes (targets 0 and <= 5%)")
        print(f"  {'':40} {counts_line(run['summary'])}")
    print("\n(c) Salesforce requests")
    for label, run in (("first full sync", first), ("incremental re-run", incremental),
                       ("all-read re-run", honest)):
        print(f"  {label:20} {per_10k(run['summary'])}", flush=True)

    # (d, small): a first full sync of the small org, fresh Gather, fresh data folder
    _, salesforce = start_salesforce(processes, args.small_accounts, args.small_contacts)
    (tmp / "gather-small").mkdir()
    _, engine_url, engine_key = start_gather(processes, tmp / "gather-small")
    small_run = run_engine(processes, spec(tmp / "data-small"))
    processes.stop_all()
    print(f"  {'small first sync':20} {per_10k(small_run['summary'])}")
    report_memory([(small, small_run), (big, first)])
    return 0


def report_first(first: dict[str, Any], writes: int, floors: dict[str, dict[str, Any]]) -> None:
    summary = first["summary"]
    engine_rate = sent(summary) / first["seconds"]
    print("\n(a) First full sync")
    print(f"  engine                                {first['seconds']:7.2f} s  "
          f"{engine_rate:7,.0f} records/s  ({sent(summary):,} sent; Gather counted "
          f"{writes:,} writes; the client made {summary['requests'].get('gather', 0):,} "
          "Gather requests)")
    print(f"    {counts_line(summary)}")
    for label, floor in floors.items():
        rate = floor["done"] / floor["seconds"]
        print(f"  floor, {label:31} {floor['seconds']:7.2f} s  {rate:7,.0f} records/s  "
              f"({floor['done']:,} of {floor['payloads']:,} answered 200/201, "
              f"{floor['failed']:,} other; Gather counted {floor['writes']:,} writes)")
    for label, floor in floors.items():
        print(f"  ratio engine / floor ({label}): "
              f"{engine_rate / (floor['done'] / floor['seconds']):.2f} (target >= 0.8)",
              flush=True)


def report_memory(runs: list[tuple[int, dict[str, Any]]]) -> None:
    reset = all(run["peak_reset"] for _, run in runs)
    print("\n(d) Peak memory of a first full sync (RSS high-water minus RSS before run_sync"
          + ("" if reset else "; high-water NOT reset before the run, so it counts from the "
             "child's start") + ")")
    rows = []
    for records, run in runs:
        added = (run["rss_peak_kib"] - run["rss_before_kib"]) / 1024
        rows.append((records, added, run["rss_peak_kib"] / 1024))
        print(f"  {records:>8,} records  +{added:6.1f} MiB  (process peak "
              f"{run['rss_peak_kib'] / 1024:6.1f} MiB; {run['seconds']:.1f} s, "
              f"{sent(run['summary']) / run['seconds']:,.0f} records/s)")
    (small, small_added, small_peak), (big, big_added, big_peak) = rows[0], rows[-1]
    print(f"  growth from {small:,} to {big:,} records: "
          f"{(big_added / small_added - 1) if small_added else float('nan'):+.0%} of the added "
          f"memory, {big_peak / small_peak - 1:+.0%} of the process peak (target under 20%)")


if __name__ == "__main__":
    raise SystemExit(main())
