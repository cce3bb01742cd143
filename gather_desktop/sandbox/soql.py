"""The SOQL the Salesforce emulator runs: `run_query(soql, org)` -> Salesforce-shaped records.

This is the engine's public face; its parts live beside it: soql_lexer (tokens), soql_parser
(syntax tree), soql_fields (names resolved against describes, getters), soql_filters (WHERE as
closures), soql_dates (date literals), soql_eval (order, page, project), soql_errors
(Salesforce's codes and wording). It works on any org that offers describes, stored records
and a lookup by Id (`OrgView`), so it is tested without the HTTP server, and the server pages
the result however the client asks.

Supported: SELECT fields, parent paths (`Owner.Name`, `Account.Owner.Email`), compound
addresses, COUNT(); FROM one object; WHERE with AND / OR / NOT and parentheses (mixing AND and
OR on one level needs parentheses, as in Salesforce); = != < <= > >= LIKE IN NOT IN INCLUDES
EXCLUDES; semi- and anti-joins (`Id IN (SELECT AccountId FROM Opportunity WHERE ...)`); quoted
strings with Salesforce's escapes, numbers, true/false/null, dates, datetimes with offsets,
relative date literals (listed in soql_dates). As the SOQL reference says, a plain date filters
only date fields and a datetime only datetime fields; date literals filter both. ORDER BY with
ASC/DESC and NULLS FIRST/LAST; LIMIT; OFFSET (at most 2,000).

Not supported: child subqueries in SELECT, aggregates other than COUNT(), GROUP BY/HAVING,
TYPEOF, FORMAT/toLabel/convertCurrency, aliases, FOR VIEW/UPDATE, WITH, fiscal and quarter
date literals, time fields in filters.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from gather_desktop.sandbox.soql_errors import SoqlError
from gather_desktop.sandbox.soql_eval import QueryResult, execute
from gather_desktop.sandbox.soql_fields import OrgView, Schemas
from gather_desktop.sandbox.soql_parser import parse

__all__ = ["OrgView", "QueryResult", "SoqlError", "run_query"]


def run_query(soql: str, org: OrgView, *, include_deleted: bool = False, api_version: str = "59.0",
              today: date | None = None) -> QueryResult:
    """Run `soql` against `org` as Salesforce would; SoqlError (status 400) for a query it refuses.

    `include_deleted` is queryAll (records with IsDeleted true are kept). `today` fixes the day
    relative date literals count from (tests); by default it is the current UTC date.
    """
    return execute(
        parse(soql), Schemas(org, soql), include_deleted=include_deleted, api_version=api_version,
        today=today or datetime.now(timezone.utc).date(),
    )
