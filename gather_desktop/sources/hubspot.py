"""The HubSpot connector: the `Source` protocol over hubspot-api-client (CRM v3).

One `HubSpotSource` reads one HubSpot account for one run, through one `HubSpotApi` (auth,
rate limits, retries, raw JSON, failures in words). What it reads, and how:
- objects: companies and contacts; each object's fields are its property definitions
  (`hubspot_properties`), cached for the life of the instance;
- every record: the list endpoint, 100 a page (the cheapest read there is);
- a filter, an incremental read (`modified_since`): the search endpoint, 200 a page, with
  the filter split between HubSpot and a local check (`hubspot_search`);
- `ids` (records read again first after they failed): batch read, 100 a request, with the
  whole filter checked locally;
- rows are plain dicts keyed by the query's field names, values typed (numbers, booleans,
  dates "YYYY-MM-DD", datetimes ISO UTC), plus "Id", the record id;
- a dotted field "associatedcompanyid.app_company_id" is a property of the record that the
  reference property points to (core's account link): the companies of a page are read in
  batches once per page, never once per contact.

HubSpot's search stops at 10,000 results per query. Searches are sorted by the last-modified
time, ascending, and read in windows: when a window reaches 10,000, the next search starts
at the last time seen (GTE), and records already yielded are skipped, so a long incremental
read neither misses a record nor yields one twice. Should more than 10,000 records share one
instant, that instant is read in windows of record ids.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gather_desktop.core.mapping import SOURCE_ID_FIELD
from gather_desktop.core.query import Filter, SourceQuery
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.sources.base import SourceFieldError
from gather_desktop.sources.hubspot_api import HubSpotApi
from gather_desktop.sources.hubspot_auth import Credentials
from gather_desktop.sources.hubspot_properties import (OBJECTS, Converter, converter,
                                                       epoch_ms, iso_epoch_ms,
                                                       object_schema, object_summaries)
from gather_desktop.sources.hubspot_search import local_predicate, split_filter

LIST_LIMIT = 100
SEARCH_LIMIT = 200
BATCH_LIMIT = 100
SEARCH_CAP = 10_000
RECORD_ID_PROPERTY = "hs_object_id"
#: The property that says when a record last changed, per object.
MODIFIED = {"companies": "hs_lastmodifieddate", "contacts": "lastmodifieddate"}

Filters = tuple[dict[str, Any], ...]
Row = dict[str, Any]


class HubSpotSource:
    """One HubSpot account, read for one run. Not shared between threads."""

    kind = "hubspot"

    def __init__(self, base_url: str, credentials: Credentials, *,
                 cancel: threading.Event | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._api = HubSpotApi(base_url, credentials, sleep=sleep, cancel=cancel)
        self.base_url = self._api.base_url
        self._schemas: dict[str, ObjectSchema] = {}

    def __repr__(self) -> str:  # the credentials hide their secrets; show none of them
        return f"HubSpotSource({self.base_url!r})"

    @property
    def requests_made(self) -> int:
        return self._api.requests_sent

    def sign_in(self) -> None:
        """Check the credentials now (the "Test connection"): a token for OAuth, then one
        read that needs the app's scopes."""
        self._api.tokens.refresh()
        self.schema("contacts")

    def objects(self) -> list[ObjectSummary]:
        return object_summaries()

    def schema(self, object_name: str) -> ObjectSchema:
        if object_name not in OBJECTS:
            raise SourceFieldError(f"Gather Desktop reads HubSpot companies and contacts, not "
                                   f"'{object_name}'. Edit the integration.")
        if object_name not in self._schemas:
            answer = self._api.call("crm.properties.core_api", "get_all",
                                    object_type=object_name, archived=False)
            self._schemas[object_name] = object_schema(object_name, answer["results"])
        return self._schemas[object_name]

    def count(self, query: SourceQuery) -> int:
        """What HubSpot's search counts for the query; conditions checked locally are not
        counted by HubSpot, so then this is the most `pages` can yield."""
        if query.ids is not None:
            return len(query.ids)
        read = _Read.of(query, self.schema)
        plan = split_filter(query.filter, read.schema, read.window_filter(
            epoch_ms(query.modified_since) if query.modified_since else None, "GTE"))
        answer = self._search(read, plan.groups, limit=1, after=None, sort=None)
        return int(answer.get("total") or 0)

    def pages(self, query: SourceQuery) -> Iterator[list[Row]]:
        read = _Read.of(query, self.schema)
        if query.ids is not None:
            pages = self._batch_pages(read, query.ids)
        elif query.modified_since is None and not split_filter(query.filter,
                                                               read.schema).groups:
            pages = self._list_pages(read, split_filter(query.filter, read.schema).local)
        else:
            since = epoch_ms(query.modified_since) if query.modified_since else None
            pages = self._windows(read, (), read.modified, since, iso_epoch_ms, set())
        for page in pages:
            if page:
                yield self._linked(read, page)

    def api_usage(self) -> tuple[int, int] | None:
        """Today's calls and the daily allowance (private apps only; HubSpot sends no daily
        figures to OAuth apps)."""
        return None if self._api.tokens.oauth else self._api.daily

    def close(self) -> None:
        self._api.close()

    # -- the three ways of reading ---------------------------------------------------------

    def _list_pages(self, read: _Read, local: Filter | None) -> Iterator[list[Row]]:
        keep = local_predicate(local, read.schema) if local else None
        after = None
        while True:
            answer = self._api.call(read.api("basic_api"), "get_page", limit=LIST_LIMIT,
                                    after=after, properties=read.properties, archived=False)
            yield read.rows(answer["results"], keep)
            after = ((answer.get("paging") or {}).get("next") or {}).get("after")
            if after is None:
                return

    def _batch_pages(self, read: _Read, ids: tuple[str, ...]) -> Iterator[list[Row]]:
        keep = local_predicate(read.filter, read.schema) if read.filter else None
        for start in range(0, len(ids), BATCH_LIMIT):
            results = self._batch_read(read.object_name, ids[start:start + BATCH_LIMIT],
                                       read.properties)
            yield read.rows(results, keep)

    def _windows(self, read: _Read, fixed: Filters, sort: str, lower: int | None,
                 bound_of: Callable[[str], int], seen: set[str]) -> Iterator[list[Row]]:
        """Search sorted on `sort` ascending, in windows of at most 10,000 results, each
        starting (GTE) at the `sort` value where the last one stopped; `seen` ids skipped."""
        op = "GTE"
        while True:
            plan = split_filter(read.filter, read.schema,
                                fixed + read.window_filter(lower, op, sort))
            keep = local_predicate(plan.local, read.schema) if plan.local else None
            after: int | None = None
            last: str | None = None
            while after is None or after < SEARCH_CAP:
                answer = self._search(read, plan.groups, limit=SEARCH_LIMIT, after=after,
                                      sort=sort)
                results = [r for r in answer["results"] if r["id"] not in seen]
                seen.update(r["id"] for r in results)
                if answer["results"]:
                    last = answer["results"][-1]["properties"].get(sort)
                yield read.rows(results, keep)
                following = ((answer.get("paging") or {}).get("next") or {}).get("after")
                if following is None:
                    return
                after = int(following)
            if last is None:
                return
            bound = bound_of(last)
            if bound == lower and op == "GTE":
                # More than a whole window at one value: read it by record id, then go past it.
                yield from self._windows(read, fixed + read.window_filter(bound, "EQ", sort),
                                         RECORD_ID_PROPERTY, None, int, seen)
                op = "GT"
            else:
                lower, op = bound, "GTE"

    # -- requests --------------------------------------------------------------------------

    def _search(self, read: _Read, groups: tuple[Filters, ...], *, limit: int,
                after: int | None, sort: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"filterGroups": [{"filters": list(group)} for group in groups],
                                "properties": read.properties, "limit": limit}
        if sort is not None:
            body["sorts"] = [{"propertyName": sort, "direction": "ASCENDING"}]
        if after is not None:
            body["after"] = str(after)
        return self._api.call(read.api("search_api"), "do_search", search=True,
                              public_object_search_request=body)

    def _batch_read(self, object_name: str, ids: tuple[str, ...] | list[str],
                    properties: list[str]) -> list[dict[str, Any]]:
        answer = self._api.call(f"crm.{object_name}.batch_api", "read", archived=False,
                                batch_read_input_simple_public_object_id={
                                    "inputs": [{"id": record_id} for record_id in ids],
                                    "properties": properties, "propertiesWithHistory": []})
        return answer.get("results") or []

    def _linked(self, read: _Read, rows: list[Row]) -> list[Row]:
        """Fill the dotted fields from the records the page's reference properties name."""
        for lookup, (object_name, columns) in read.linked.items():
            wanted = list(dict.fromkeys(row[lookup] for row in rows if row.get(lookup)))
            found: dict[str, Mapping[str, Any]] = {}
            for start in range(0, len(wanted), BATCH_LIMIT):
                for record in self._batch_read(object_name, wanted[start:start + BATCH_LIMIT],
                                               [name for name, _, _ in columns]):
                    found[record["id"]] = record["properties"]
            for row in rows:
                properties = found.get(row.get(lookup) or "", {})
                for name, key, convert in columns:
                    row[key] = _typed(properties.get(name), convert)
        return rows


@dataclass(frozen=True)
class _Read:
    """One query prepared against the object's properties."""
    object_name: str
    schema: ObjectSchema
    filter: Filter | None
    properties: list[str]                           # asked of HubSpot
    columns: tuple[tuple[str, Converter | None], ...]   # row keys besides "Id", typed
    extra: tuple[str, ...]                          # columns only the local filter needs
    linked: Mapping[str, tuple[str, list[tuple[str, str, Converter | None]]]]
    modified: str

    @classmethod
    def of(cls, query: SourceQuery, schemas: Callable[[str], ObjectSchema]) -> _Read:
        schema = schemas(query.object_name)
        own = [name for name in query.fields if name != SOURCE_ID_FIELD and "." not in name]
        filtered = [c.field for c in query.filter.conditions] if query.filter else []
        extra = tuple(name for name in dict.fromkeys(filtered) if name not in own)
        linked: dict[str, tuple[str, list[tuple[str, str, Converter | None]]]] = {}
        for key in (name for name in query.fields if "." in name):
            lookup, _, name = key.partition(".")
            info = schema.field(lookup)
            if info is None or len(info.reference_to) != 1:
                raise SourceFieldError(f"{lookup} is not a property of {query.object_name} "
                                       "that points to another record; edit the integration.")
            target = schemas(info.reference_to[0])
            target_field = target.field(name)
            if target_field is None:
                raise SourceFieldError(f"'{name}' is not a property of {target.name} in this "
                                       "HubSpot account; edit the integration.")
            entry = linked.setdefault(lookup, (target.name, []))
            entry[1].append((target_field.name, key, converter(target_field.type)))
        modified = MODIFIED[query.object_name]
        columns = tuple((name, _converter(schema, name)) for name in [*own, *extra])
        properties = list(dict.fromkeys([*own, *extra, *linked, modified]))
        return cls(query.object_name, schema, query.filter, properties, columns, extra,
                   linked, modified)

    def api(self, kind: str) -> str:
        return f"crm.{self.object_name}.{kind}"

    def window_filter(self, lower: int | None, op: str, sort: str | None = None) -> Filters:
        if lower is None:
            return ()
        return ({"propertyName": sort or self.modified, "operator": op, "value": str(lower)},)

    def rows(self, results: list[dict[str, Any]],
             keep: Callable[[Row], bool] | None) -> list[Row]:
        rows = []
        columns = self.columns
        for record in results:
            properties = record["properties"]
            row = {SOURCE_ID_FIELD: record["id"]}
            for name, convert in columns:
                value = properties.get(name)
                row[name] = value if value is None or convert is None else convert(value)
            if keep is not None and not keep(row):
                continue
            for name in self.extra:
                del row[name]
            rows.append(row)
        return rows


def _converter(schema: ObjectSchema, name: str) -> Converter | None:
    info = schema.field(name)
    return converter(info.type) if info is not None else None


def _typed(value: Any, convert: Converter | None) -> Any:
    return value if value is None or convert is None else convert(value)
