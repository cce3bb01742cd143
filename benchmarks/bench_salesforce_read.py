"""Reading Accounts through the Salesforce connector, against simple-salesforce's bare loop.

The connector adds sign-in, re-auth on an expired session, and turning each record into a row
keyed by the requested names; none of that may cost much next to the read itself (target:
within 1.3x of the bare loop), and it must stream (peak memory the same for 20,000 and
100,000 accounts). In one run, for each org size, this script alternates:

  (a) bare: `sum(1 for _ in sf.query_all_iter(soql))` with the very SOQL the connector builds
      for Account with the default traits, on a client built with `object_pairs_hook=dict`
      as the connector's is (so the comparison is of the connector's own work, not of JSON
      parsing choices);
  (b) connector: `sum(len(page) for page in source.pages(query))`.

Times come from untraced runs; memory from one extra run of each under tracemalloc (its peak
of Python allocations above the start of the run), since tracing slows Python down.

The emulator runs in a separate process (`gather-desktop sandbox --dataset scale`), so its
CPU does not share this process's GIL, as a real Salesforce would not.

    .venv/bin/python benchmarks/bench_salesforce_read.py [--sizes 20000 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable

import requests
from sandbox_processes import PROJECT_ROOT, salesforce_info, scale_sandbox_command
from simple_salesforce import Salesforce, SalesforceLogin

from gather_desktop.core.defaults import salesforce_default_fields
from gather_desktop.core.query import SourceQuery
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import API_VERSION, PasswordCredentials

ID_FIELD = "Gather_Id__c"


def start_sandbox(accounts: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """The sandbox process with a scale org, and the Salesforce part of its JSON line."""
    process = subprocess.Popen(scale_sandbox_command(accounts, 0), cwd=PROJECT_ROOT,
                               stdout=subprocess.PIPE, text=True)
    return process, salesforce_info(process)


def bare_client(info: dict[str, str]) -> Salesforce:
    session = requests.Session()
    session.verify = info["ca_bundle"]
    session.trust_env = False
    session_id, instance = SalesforceLogin(
        username=info["username"], password=info["password"],
        security_token=info["security_token"], session=session,
        scratch_url=info["login_url"], sf_version=API_VERSION)
    return Salesforce(instance_url=f"https://{instance}", session_id=session_id,
                      session=session, version=API_VERSION, object_pairs_hook=dict)


def measure(read: Callable[[], int], *, traced: bool) -> tuple[float, int, int]:
    """(seconds, records, peak bytes above the start; 0 when untraced)."""
    if traced:
        tracemalloc.start()
        tracemalloc.reset_peak()
        start_bytes = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    records = read()
    seconds = time.perf_counter() - started
    peak = 0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] - start_bytes
        tracemalloc.stop()
    return seconds, records, peak


def bench_size(accounts: int, rounds: int) -> dict[str, object]:
    process, info = start_sandbox(accounts)
    try:
        source = SalesforceSource(
            info["login_url"],
            PasswordCredentials(info["username"], info["password"], info["security_token"]),
            ca_bundle=info["ca_bundle"])
        query = SourceQuery("Account", ("Id", ID_FIELD) + salesforce_default_fields("account"))
        soql = source.compile(query).soql
        sf = bare_client(info)

        def bare() -> int:
            return sum(1 for _ in sf.query_all_iter(soql))

        def connector() -> int:
            return sum(len(page) for page in source.pages(query))

        times: dict[str, list[float]] = {"bare": [], "connector": []}
        bare(), connector()  # warm up: connections, describes, the emulator's caches
        for _ in range(rounds):
            for name, read in (("bare", bare), ("connector", connector)):
                seconds, records, _ = measure(read, traced=False)
                if records != accounts:
                    raise SystemExit(f"{name} read {records} records, expected {accounts}")
                times[name].append(seconds)
        peaks = {name: measure(read, traced=True)[2]
                 for name, read in (("bare", bare), ("connector", connector))}
        source.close()
        return {"accounts": accounts, "soql": soql, "times": times, "peaks": peaks}
    finally:
        process.terminate()
        process.wait()


def report(result: dict[str, object]) -> None:
    accounts = result["accounts"]
    times = result["times"]
    peaks = result["peaks"]
    assert isinstance(accounts, int) and isinstance(times, dict) and isinstance(peaks, dict)
    print(f"\n{accounts:,} accounts   {result['soql']}")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name in ("bare", "connector"):
        runs = ", ".join(f"{value:.2f}" for value in times[name])
        print(f"  {name:9}  median {medians[name]:.2f} s  ({accounts / medians[name]:,.0f} "
              f"records/s; runs {runs})  peak memory +{peaks[name] / 2**20:.1f} MiB")
    print(f"  ratio connector / bare: {medians['connector'] / medians['bare']:.2f}x "
          "(target <= 1.3x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for accounts in args.sizes:
        report(bench_size(accounts, args.rounds))


if __name__ == "__main__":
    main()
