"""Reading contacts through the HubSpot connector, against a bare raw-JSON paging loop and
against hubspot-api-client's own `crm.contacts.get_all`.

The connector adds the rate limiter, token handling, retries, and turning each record into a
typed row keyed by the requested names; none of that may cost much next to the read itself
(target: within 1.3x of the bare loop). `get_all` builds the generated models for every
record (about 15x the CPU of the JSON, PROTOCOLS.md §2); its ratio is reported. In one run,
alternating, for the same properties of 50,000 contacts:

  (a) bare: `basic_api.get_page(limit=100, after=..., properties=..., _preload_content=False)`
      and `json.loads`, following `paging.next.after`;
  (b) connector: `sum(len(page) for page in source.pages(query))` (the list endpoint);
  (c) get_all: `len(client.crm.contacts.get_all(properties=...))`.

The emulator runs in its own process (`gather-desktop sandbox --dataset scale`, rate limits
off), so its CPU does not share this process's GIL, as HubSpot's would not.

    .venv/bin/python benchmarks/bench_hubspot_read.py [--contacts 50000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from collections.abc import Callable

from hubspot import HubSpot

from sandbox_processes import PROJECT_ROOT, first_line, scale_sandbox_command
from gather_desktop.core.query import SourceQuery
from gather_desktop.sources.hubspot import HubSpotSource
from gather_desktop.sources.hubspot_auth import PrivateAppToken

FIELDS = ("Id", "firstname", "lastname", "email", "city", "country", "jobtitle", "phone",
          "app_user_id", "lifecyclestage", "associatedcompanyid")
PROPERTIES = [name for name in FIELDS if name != "Id"]


def bare(url: str, token: str) -> int:
    api = HubSpot(access_token=token, host=url, base_url=url).crm.contacts.basic_api
    count, after = 0, None
    while True:
        response = api.get_page(limit=100, after=after, properties=PROPERTIES,
                                _preload_content=False)
        page = json.loads(response.data)
        count += len(page["results"])
        after = ((page.get("paging") or {}).get("next") or {}).get("after")
        if after is None:
            return count


def connector(url: str, token: str) -> int:
    source = HubSpotSource(url, PrivateAppToken(token))
    try:
        return sum(len(page) for page in source.pages(SourceQuery("contacts", FIELDS)))
    finally:
        source.close()


def get_all(url: str, token: str) -> int:
    client = HubSpot(access_token=token, host=url, base_url=url)
    return len(client.crm.contacts.get_all(properties=PROPERTIES))


def timed(read: Callable[[str, str], int], url: str, token: str) -> tuple[float, int]:
    start = time.perf_counter()
    count = read(url, token)
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    process = subprocess.Popen(
        [*scale_sandbox_command(1000, args.contacts),
         "--fault", "hubspot:rate=off", "--fault", "hubspot:search_rate=off"],
        stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
    try:
        info = json.loads(first_line(process, "the sandbox"))["hubspot"]
        url, token = info["url"], info["access_token"]
        reads = {"bare": bare, "connector": connector, "get_all": get_all}
        times: dict[str, list[float]] = {name: [] for name in reads}
        for _ in range(args.rounds):
            for name, read in reads.items():
                seconds, count = timed(read, url, token)
                if count != args.contacts:
                    raise SystemExit(f"{name} read {count:,} contacts, not {args.contacts:,}")
                times[name].append(seconds)
        best = {name: min(found) for name, found in times.items()}
        print(f"{args.contacts:,} contacts, {len(PROPERTIES)} properties, "
              f"best of {args.rounds} (median):")
        for name in reads:
            print(f"  {name:9} {best[name]:6.2f} s ({statistics.median(times[name]):.2f} s)  "
                  f"{args.contacts / best[name]:>9,.0f} records/s")
        print(f"  connector / bare:    {best['connector'] / best['bare']:.2f}x (target <= 1.3x)")
        print(f"  get_all / connector: {best['get_all'] / best['connector']:.2f}x")
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
