"""A fingerprint of what a record would send, for the change cache.

A record is skipped as `unchanged` when its fingerprint equals the one of the last successful
send, so the fingerprint must depend on exactly what would be sent and on nothing else: not on
the order traits were read in, not on the machine, not on the Python version. Hence canonical
JSON (sorted keys, no whitespace, UTF-8) hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping


def record_hash(model: str, gather_id: str, traits: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the model, the Gather ID and the traits.

    Lone surrogates (which JSON's "\\ud800" escapes can produce) are hashed as their own code
    units ("surrogatepass") instead of failing, so one odd character cannot stop a sync.
    """
    canonical = json.dumps({"model": model, "id": gather_id, "traits": traits},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
