"""The Salesforce connector: the `Source` protocol over simple-salesforce's REST client.

One `SalesforceSource` reads one org for one run:
- it signs in with the integration's credentials (password + security token, or a refresh
  token from an earlier browser sign-in; see `salesforce_auth`) on first use, then talks to
  the org in simple-salesforce's direct mode (`session_id` + `instance_url`), because only
  the direct mode can be pointed at any login URL and any way of signing in;
- when Salesforce ends the session in the middle of a run (401 INVALID_SESSION_ID: it
  expired, or an admin revoked it), it signs in again the same way and repeats that same
  call once, so a long read continues from the `nextRecordsUrl` it had reached;
- when Salesforce is briefly unavailable (5xx) or the connection drops, the same call is
  made again after a pause (`RETRY_PAUSES`), so a read goes on from where it was;
- describes are cached for the life of the instance (they do not change during a run and
  cost an API call each);
- records are read a page at a time with `query` then `query_more`, never the whole result,
  parsed into plain dicts (`object_pairs_hook=dict`, much cheaper than OrderedDict), and
  handed on as rows keyed by the requested names (`salesforce_soql.CompiledQuery.rows`);
- every failure leaves as a `SourceError` in words (`salesforce_errors`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from gather_desktop.core.query import SourceQuery
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.sources.base import SourceFieldError
from gather_desktop.sources.salesforce_auth import (API_VERSION, Credentials, build_session,
                                                    normalize_login_url)
from gather_desktop.sources.salesforce_describe import object_schema, object_summaries
from gather_desktop.sources.salesforce_errors import (api_failure, not_salesforce,
                                                      transport_failure)
from gather_desktop.sources.salesforce_soql import CompiledQuery, compile_query

_T = TypeVar("_T")
#: Pauses (seconds) before reading again while Salesforce answers 5xx or the connection
#: drops: about 15 s in all, enough for a brief outage, short enough that a real one fails
#: the run in words instead of hanging it.
RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0)
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})
#: An sObject API name: "Account", "Subscription__c", "ns__Thing__c". Checked before it goes
#: into a URL path, so a name from a file can never point the request somewhere else.
_OBJECT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class SalesforceSource:
    """One Salesforce org, read for one run. Not shared between threads."""

    kind = "salesforce"

    def __init__(self, login_url: str, credentials: Credentials, *,
                 ca_bundle: str | None = None) -> None:
        self.login_url = normalize_login_url(login_url)
        self._credentials = credentials
        self._ca_bundle = ca_bundle
        self._session = build_session(ca_bundle)
        self._client: Salesforce | None = None
        self._instance_url = self.login_url
        self._objects: list[ObjectSummary] | None = None
        self._schemas: dict[str, ObjectSchema] = {}

    def __repr__(self) -> str:  # the credentials' own reprs hide secrets; show none of them
        return f"SalesforceSource({self.login_url!r})"

    @property
    def requests_made(self) -> int:
        return self._session.requests_sent

    def sign_in(self) -> None:
        """Sign in now (otherwise the first call does): the check behind "Test connection"."""
        tokens = self._credentials.sign_in(self._session, self.login_url)
        self._instance_url = tokens.instance_url
        self._client = Salesforce(instance_url=tokens.instance_url,
                                  session_id=tokens.access_token, session=self._session,
                                  version=API_VERSION, object_pairs_hook=dict)

    def objects(self) -> list[ObjectSummary]:
        if self._objects is None:
            self._objects = object_summaries(self._call(lambda sf: sf.describe()) or {})
        return list(self._objects)

    def schema(self, object_name: str) -> ObjectSchema:
        key = object_name.lower()
        if key not in self._schemas:
            unknown = (f"Salesforce has no object '{object_name}' that your user can see. "
                       "Check its API name (for example Account, Contact, or a custom object "
                       "ending in __c) and edit the integration.")
            if not _OBJECT_NAME.fullmatch(object_name):
                raise SourceFieldError(unknown)
            describe = self._call(lambda sf: getattr(sf, object_name).describe(),
                                  not_found=unknown)
            self._schemas[key] = object_schema(describe)
        return self._schemas[key]

    def compile(self, query: SourceQuery) -> CompiledQuery:
        """The SOQL `count` and `pages` send for `query`, checked against the describe."""
        return compile_query(query, self.schema)

    def count(self, query: SourceQuery) -> int:
        soql = self.compile(query).count_soql
        return int(self._call(lambda sf: sf.query(soql))["totalSize"])

    def pages(self, query: SourceQuery) -> Iterator[list[dict[str, Any]]]:
        compiled = self.compile(query)
        result = self._call(lambda sf: sf.query(compiled.soql))
        while True:
            records: list[dict[str, Any]] = result["records"]
            next_url: str | None = None if result["done"] else result["nextRecordsUrl"]
            del result  # hold one page, not two, while the next one is read
            if records:
                yield compiled.rows(records)
            del records
            if next_url is None:
                return
            result = self._call(lambda sf: sf.query_more(next_url, identifier_is_url=True))

    def _signed_in_call(self, call: Callable[[Salesforce], _T]) -> _T:
        if self._client is None:
            self.sign_in()
        try:
            return call(self._client)  # type: ignore[arg-type]
        except SalesforceExpiredSession:
            pass
        self.sign_in()
        return call(self._client)  # type: ignore[arg-type]

    def api_usage(self) -> tuple[int, int] | None:
        """From the `Sforce-Limit-Info` header of the last answer (`api-usage=18/15000`)."""
        usage = self._client.api_usage.get("api-usage") if self._client is not None else None
        return (usage.used, usage.total) if usage is not None else None

    def close(self) -> None:
        self._client = None
        self._session.close()

    def _call(self, call: Callable[[Salesforce], _T], *, not_found: str | None = None) -> _T:
        """`call` with the signed-in client; once more after a new sign-in if the session
        ended; again after a pause while Salesforce is briefly unavailable (every call here
        reads, so repeating one is safe); any failure in words."""
        try:
            for pause in RETRY_PAUSES:
                try:
                    return self._signed_in_call(call)
                except (SalesforceError, requests.ConnectionError, requests.Timeout) as error:
                    if not _transient(error):
                        raise
                    time.sleep(pause)
            return self._signed_in_call(call)
        except SalesforceError as error:
            if not_found is not None and error.status == 404:
                raise SourceFieldError(not_found) from None
            raise api_failure(error.status, error.content, url=self._instance_url) from None
        except requests.exceptions.JSONDecodeError:
            raise not_salesforce(self._instance_url, self._session.last_status,
                                 self._session.last_head) from None
        except requests.RequestException as error:
            raise transport_failure(error, url=self._instance_url,
                                    ca_bundle=self._ca_bundle) from None


def _transient(error: Exception) -> bool:
    """Worth reading again: Salesforce briefly unavailable, or the connection dropped."""
    if isinstance(error, SalesforceError):
        return error.status in TRANSIENT_STATUSES
    return True
