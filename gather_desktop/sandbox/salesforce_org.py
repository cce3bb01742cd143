"""The emulated org in memory: describe documents and the records behind them.

Records are stored as Salesforce keeps them, one plain dict per record with raw values
(datetimes "2024-05-01T12:00:00.000+0000", dates "2024-05-01", multipicklists "A;B", lookups
18-character Ids) and only the components of compound addresses. A key that is absent means
null: that keeps 100,000-record orgs small, and a field added to a describe needs no rewrite of
the records. Deleting sets `IsDeleted`, as Salesforce's recycle bin does, so `queryAll` still
sees the record.

Writes go through the checks Salesforce makes on the REST API (unknown field, read-only field,
required field, value of the wrong type, text too long, duplicate in a unique field) and fail
with `RecordError` carrying Salesforce's error code and wording. Blank text is stored as null,
and the standard objects' derived fields (Contact.Name, Opportunity.IsWon...) are kept up to
date, because the app reads them and real orgs behave so.

All methods are thread-safe; readers get snapshots, so a query never sees half a write.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timezone
from typing import Any

from gather_desktop.sandbox.salesforce_ids import canonical_id, make_id

Record = dict[str, Any]
Clock = Callable[[], datetime]

# Record numbers start high and step by a prime, so Ids mix digits and both letter cases as
# real ones do (which makes their case-safe suffixes vary).
_FIRST_NUMBER = 20 * 62**4
_NUMBER_STEP = 7919
_STRING_TYPES = {"string", "textarea", "email", "phone", "url", "picklist", "combobox", "encryptedstring"}
_NUMBER_TYPES = {"double", "currency", "percent"}
STAGE_PROBABILITY = {
    "Prospecting": 10, "Qualification": 10, "Needs Analysis": 20, "Value Proposition": 50,
    "Id. Decision Makers": 60, "Perception Analysis": 70, "Proposal/Price Quote": 75,
    "Negotiation/Review": 90, "Closed Won": 100, "Closed Lost": 0,
}
_SYSTEM_STAMPS = ("CreatedDate", "LastModifiedDate", "SystemModstamp")


class RecordError(Exception):
    """A write Salesforce would refuse; the server answers it as `[{"message", "errorCode", "fields"}]`."""

    def __init__(self, status: int, error_code: str, message: str, fields: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.status, self.error_code, self.message, self.fields = status, error_code, message, list(fields)

    def as_json(self) -> list[dict[str, Any]]:
        return [{"message": self.message, "errorCode": self.error_code, "fields": self.fields}]


def format_datetime(moment: datetime) -> str:
    """Salesforce's datetime format: always UTC, milliseconds, "+0000"."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class SalesforceOrg:
    """Describes and records of one org; `describe`, `records` and `get` are what SOQL reads."""

    def __init__(self, describes: Iterable[dict[str, Any]], *, organization_id: str, name: str,
                 clock: Clock = _utc_now) -> None:
        self.organization_id = organization_id
        self.name = name
        self._clock = clock
        self._lock = threading.RLock()
        self._describes: dict[str, dict[str, Any]] = {}
        self._records: dict[str, list[Record]] = {}
        self._positions: dict[str, dict[str, int]] = {}
        self._next_number: dict[str, int] = {}
        self.api_user_id = ""  # the User the API signs in as; new records are theirs (set by the data set)
        for describe in describes:
            key = describe["name"].lower()
            self._describes[key] = describe
            self._records[key] = []
            self._positions[key] = {}
            self._next_number[key] = _FIRST_NUMBER

    # What SOQL and the routes read

    def object_names(self) -> list[str]:
        with self._lock:
            return [describe["name"] for describe in self._describes.values()]

    def describe(self, object_name: str) -> dict[str, Any] | None:
        """The full sObject describe (shared: do not change it), matched case-insensitively."""
        return self._describes.get(object_name.lower())

    def records(self, object_name: str) -> Sequence[Record]:
        """A snapshot of the stored records in creation order, deleted ones included."""
        with self._lock:
            return list(self._records.get(object_name.lower(), ()))

    def get(self, object_name: str, record_id: str) -> Record | None:
        """One stored record (deleted ones too) by its 15- or 18-character Id, or None."""
        key = object_name.lower()
        with self._lock:
            positions = self._positions.get(key, {})
            position = positions.get(record_id)  # the usual case: a stored 18-character Id, as is
            if position is None:
                position = positions.get(canonical_id(record_id) or "")
            return None if position is None else self._records[key][position]

    def live_record(self, object_name: str, record_id: str) -> Record:
        """A record that is not deleted, or the RecordError Salesforce answers (NOT_FOUND, ENTITY_IS_DELETED)."""
        with self._lock:
            key, position = self._live_position(self._require_describe(object_name), record_id)
            return self._records[key][position]

    # Loading

    def new_id(self, object_name: str) -> str:
        """The next Id for a record of this object."""
        key = object_name.lower()
        with self._lock:
            number = self._next_number[key]
            self._next_number[key] = number + _NUMBER_STEP
            return make_id(self._describes[key]["keyPrefix"], number)

    def load(self, object_name: str, records: Iterable[Record]) -> None:
        """Add records as given, without checks of their values: for data sets, whose records carry their own Ids."""
        key = object_name.lower()
        with self._lock:
            stored, positions = self._records[key], self._positions[key]
            for record in records:
                if record["Id"] in positions:
                    raise ValueError(f"The org already has a {object_name} with the Id {record['Id']}.")
                positions[record["Id"]] = len(stored)
                stored.append(record)

    def remove_field(self, object_name: str, field_name: str) -> None:
        """Delete a field from the org, describe and values, as an admin deleting it would."""
        key = object_name.lower()
        with self._lock:
            describe = self._require_describe(object_name)
            field = self._field(describe, field_name)
            if field is None:
                raise KeyError(f"{describe['name']} has no field {field_name}.")
            name = field["name"]
            self._describes[key] = {**describe, "fields": [item for item in describe["fields"] if item is not field]}
            self._records[key] = [
                {k: v for k, v in record.items() if k != name} if name in record else record
                for record in self._records[key]
            ]

    # Writes through the REST API

    def create(self, object_name: str, values: dict[str, Any]) -> str:
        """Check and store a new record; returns its Id. Raises RecordError."""
        with self._lock:
            describe = self._require_describe(object_name)
            if not describe.get("createable", True):
                raise _cannot(describe, "create")
            changes = self._checked(describe, values, creating=True)
            record: Record = {"Id": self.new_id(describe["name"]), "IsDeleted": False}
            self._stamp(describe, record, _SYSTEM_STAMPS)
            if self._field(describe, "OwnerId") and self.api_user_id:
                record["OwnerId"] = self.api_user_id
            for field in describe["fields"]:
                if field["type"] == "boolean" and field["name"] not in record:
                    record[field["name"]] = bool(field.get("defaultValue"))
            record.update(changes)
            _derive(describe["name"], record, changes)
            missing = [field["name"] for field in describe["fields"] if _required(field)
                       and record.get(field["name"]) is None]
            if missing:
                raise RecordError(400, "REQUIRED_FIELD_MISSING",
                                  f"Required fields are missing: [{', '.join(missing)}]", missing)
            self._check_unique(describe, record)
            self.load(describe["name"], [_without_nulls(record)])
            return record["Id"]

    def update(self, object_name: str, record_id: str, values: dict[str, Any]) -> None:
        """Change fields of a live record; LastModifiedDate and SystemModstamp move to now."""
        with self._lock:
            describe = self._require_describe(object_name)
            key, position = self._live_position(describe, record_id)
            changes = self._checked(describe, values, creating=False)
            for field in describe["fields"]:
                if field["name"] in changes and changes[field["name"]] is None and _required(field):
                    raise RecordError(400, "REQUIRED_FIELD_MISSING",
                                      f"Required fields are missing: [{field['name']}]", [field["name"]])
            record = {**self._records[key][position], **changes}
            _derive(describe["name"], record, changes)
            self._check_unique(describe, record)
            self._stamp(describe, record, _SYSTEM_STAMPS[1:])
            self._records[key][position] = _without_nulls(record)

    def delete(self, object_name: str, record_id: str) -> None:
        """Move a live record to the recycle bin (IsDeleted true)."""
        with self._lock:
            describe = self._require_describe(object_name)
            if not describe.get("deletable", True):
                raise _cannot(describe, "delete")
            key, position = self._live_position(describe, record_id)
            record = {**self._records[key][position], "IsDeleted": True}
            self._stamp(describe, record, _SYSTEM_STAMPS[1:])
            self._records[key][position] = record

    def _stamp(self, describe: dict[str, Any], record: Record, names: Sequence[str]) -> None:
        """Set the system timestamps the object has to now."""
        now = format_datetime(self._clock())
        record.update({name: now for name in names if self._field(describe, name)})

    # Checks

    def _require_describe(self, object_name: str) -> dict[str, Any]:
        describe = self.describe(object_name)
        if describe is None:
            raise RecordError(404, "NOT_FOUND", "The requested resource does not exist")
        return describe

    def _live_position(self, describe: dict[str, Any], record_id: str) -> tuple[str, int]:
        key = describe["name"].lower()
        canonical = canonical_id(record_id)
        if canonical is None or not canonical.startswith(describe["keyPrefix"]):
            raise RecordError(404, "NOT_FOUND",
                              f"Provided external ID field does not exist or is not accessible: {record_id}")
        position = self._positions[key].get(canonical)
        if position is None:
            raise RecordError(404, "NOT_FOUND", "The requested resource does not exist")
        if self._records[key][position].get("IsDeleted"):
            raise RecordError(404, "ENTITY_IS_DELETED", "entity is deleted")
        return key, position

    @staticmethod
    def _field(describe: dict[str, Any], name: str) -> dict[str, Any] | None:
        lower = name.lower()
        return next((field for field in describe["fields"] if field["name"].lower() == lower), None)

    def _checked(self, describe: dict[str, Any], values: dict[str, Any], *, creating: bool) -> Record:
        """The values in stored form, keyed by the describe's field names; raises RecordError."""
        changes: Record = {}
        read_only = []
        for name, value in values.items():
            if name == "attributes":
                continue
            field = self._field(describe, name)
            if field is None:
                raise RecordError(400, "INVALID_FIELD",
                                  f"No such column '{name}' on sobject of type {describe['name']}")
            if not field.get("createable" if creating else "updateable", False):
                read_only.append(field["name"])
                continue
            changes[field["name"]] = self._stored_value(field, value)
        if read_only:
            raise RecordError(
                400, "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to create/update fields: {', '.join(read_only)}. Please check the security settings of "
                "this field and verify that it is read/write for your profile or permission set.", read_only)
        return changes

    def _stored_value(self, field: dict[str, Any], value: Any) -> Any:
        field_type, name = field["type"], field["name"]
        if value is None:
            return False if field_type == "boolean" else None
        if field_type in _STRING_TYPES or field_type == "multipicklist":
            return _text_value(field, value)
        if field_type == "boolean" and isinstance(value, bool):
            return value
        if field_type == "int" and _is_number(value) and float(value).is_integer():
            return int(value)
        if field_type in _NUMBER_TYPES and _is_number(value):
            return round(float(value), field.get("scale") or 0)
        if field_type == "date" and isinstance(value, str) and _parses(date.fromisoformat, value) and len(value) == 10:
            return value
        if field_type == "datetime" and isinstance(value, str) and _parses(datetime.fromisoformat, value):
            moment = datetime.fromisoformat(value)
            return format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))
        if field_type == "reference" and isinstance(value, str):
            return self._reference(field, value)
        raise RecordError(400, "JSON_PARSER_ERROR",
                          f"Cannot deserialize instance of {field_type} from value {value!r} for {name}", [name])

    def _reference(self, field: dict[str, Any], value: str) -> str:
        canonical = canonical_id(value)
        if canonical is None:
            raise RecordError(400, "MALFORMED_ID", f"{field['label']}: id value of incorrect type: {value}",
                              [field["name"]])
        for target in field.get("referenceTo", []):
            parent = self.get(target, canonical)
            if parent is not None and not parent.get("IsDeleted"):
                return canonical
        raise RecordError(400, "INVALID_CROSS_REFERENCE_KEY", f"{field['label']}: invalid cross reference id",
                          [field["name"]])

    def _check_unique(self, describe: dict[str, Any], record: Record) -> None:
        """DUPLICATE_VALUE when a unique field's value is already on another live record."""
        for field in describe["fields"]:
            name = field["name"]
            if not field.get("unique") or record.get(name) is None:
                continue
            wanted = _unique_key(field, record[name])
            for other in self._records[describe["name"].lower()]:
                if (other["Id"] != record["Id"] and not other.get("IsDeleted") and other.get(name) is not None
                        and _unique_key(field, other[name]) == wanted):
                    raise RecordError(400, "DUPLICATE_VALUE", f"duplicate value found: {name} duplicates value "
                                      f"on record with id: {other['Id']}", [name])


def _unique_key(field: dict[str, Any], value: Any) -> str:
    return str(value) if field.get("caseSensitive") else str(value).lower()


def _text_value(field: dict[str, Any], value: Any) -> str | None:
    name = field["name"]
    if isinstance(value, list) and field["type"] == "multipicklist":
        value = ";".join(str(item) for item in value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RecordError(400, "JSON_PARSER_ERROR",
                          f"Cannot deserialize instance of string from value {value!r} for {name}", [name])
    text = str(value)
    if not text:
        return None  # Salesforce stores blank text as null
    length = field.get("length") or 0
    if length and len(text) > length:
        raise RecordError(400, "STRING_TOO_LONG",
                          f"{field['label']}: data value too large: {text[:40]} (max length={length})", [name])
    if field["type"] == "email" and ("@" not in text or " " in text):
        raise RecordError(400, "INVALID_EMAIL_ADDRESS", f"{field['label']}: invalid email address: {text}", [name])
    allowed = {item["value"] for item in field.get("picklistValues", []) if item.get("active", True)}
    if field.get("restrictedPicklist") and any(part not in allowed for part in text.split(";")):
        raise RecordError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                          f"{field['label']}: bad value for restricted picklist field: {text}", [name])
    return text


def _derive(object_name: str, record: Record, changes: Record) -> None:
    """Keep the standard objects' derived fields in step with what was written."""
    if object_name in ("Contact", "User"):
        record["Name"] = " ".join(part for part in (record.get("FirstName"), record.get("LastName")) if part) or None
    elif object_name == "Opportunity" and record.get("StageName") is not None:
        stage = record["StageName"]
        record["IsClosed"] = stage in ("Closed Won", "Closed Lost")
        record["IsWon"] = stage == "Closed Won"
        if "StageName" in changes and "Probability" not in changes and stage in STAGE_PROBABILITY:
            record["Probability"] = float(STAGE_PROBABILITY[stage])


def _required(field: dict[str, Any]) -> bool:
    """Required on the API: not nillable, writable, and not filled in by Salesforce itself."""
    return (not field.get("nillable", True) and field.get("createable", False)
            and not field.get("defaultedOnCreate", False) and field["type"] != "boolean")


def _cannot(describe: dict[str, Any], action: str) -> RecordError:
    return RecordError(403, "INSUFFICIENT_ACCESS_OR_READONLY",
                       f"You cannot {action} records of {describe['label']} through the API.")


def _without_nulls(record: Record) -> Record:
    return {key: value for key, value in record.items() if value is not None}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parses(parse: Callable[[str], Any], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True
