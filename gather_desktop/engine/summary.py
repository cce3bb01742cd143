"""The sync summary of INTERFACES.md §3, built up as a run goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from gather_desktop.core.naming import model_in_words
from gather_desktop.engine.attention import Attention

OUTCOMES = ("created", "updated", "unchanged", "not_in_gather", "invalid", "rejected", "failed")
PROBLEMS = ("invalid", "rejected", "failed")
MAX_ERRORS = 100


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class RunSummary:
    integration: str
    run_id: int
    full: bool
    started: datetime = field(default_factory=utc_now)
    models: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    incremental: dict[str, bool] = field(default_factory=dict)

    def model(self, name: str) -> dict[str, int]:
        return self.models.setdefault(name, {"matched": 0, **{o: 0 for o in OUTCOMES}})

    def count(self, model: str, outcome: str, source_id: str, reason: str | None) -> None:
        counts = self.model(model)
        counts["matched"] += 1
        counts[outcome] += 1
        if outcome in PROBLEMS and len(self.errors) < MAX_ERRORS:
            self.errors.append({"model": model, "source_id": source_id,
                                "reason": reason or outcome})

    @property
    def problems(self) -> int:
        return sum(counts[o] for counts in self.models.values() for o in PROBLEMS)

    def finish(self, status: str, requests: dict[str, int], message: str | None = None,
               api_usage: tuple[int, int] | None = None,
               needs: Attention | None = None) -> dict[str, Any]:
        """The summary of INTERFACES.md §3; `attention` is there when a person must act
        (see `engine/attention.py`)."""
        finished = utc_now()
        summary: dict[str, Any] = {
            "integration": self.integration, "run_id": self.run_id, "status": status,
            "full": self.full, "incremental": self.incremental,
            "started_at": rfc3339(self.started), "finished_at": rfc3339(finished),
            "duration_s": round((finished - self.started).total_seconds(), 3),
            "models": self.models, "requests": requests, "errors": self.errors}
        if message:
            summary["message"] = message
        if api_usage is not None:
            summary["api_usage"] = {"used": api_usage[0], "allowance": api_usage[1]}
        if needs is not None:
            summary["attention"] = needs.to_dict()
        return summary


def in_words(summary: dict[str, Any]) -> str:
    """"1,204 accounts: 12 created, 40 updated, 1,150 unchanged, 2 invalid" per model."""
    lines = []
    for model, counts in summary["models"].items():
        parts = [f"{counts[o]:,} {o.replace('_', ' ')}" for o in OUTCOMES if counts[o]]
        words = model_in_words(model)
        if parts:
            lines.append(f"{counts['matched']:,} {words}: " + ", ".join(parts))
        elif summary.get("incremental", {}).get(model):
            lines.append(f"{words.capitalize()}: nothing changed in the source since the last "
                         "run")
        else:
            lines.append(f"{words.capitalize()}: no records match")
    return "\n".join(lines)
