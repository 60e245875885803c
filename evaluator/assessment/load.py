"""Loading the bank: its data files, the computed keys and the content hash that identifies it.

The keys of computed items are written into the evaluator wheel at build time (`KEYS_FILE`,
computed natively by the drift engine); the browser reads them from there and never loads numpy.
Run from the source tree, where no such file exists, the keys are computed on the spot.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .bank import Bank, BankError, parse_bank, parse_levels

BANK_FILE = "assessment.toml"
LEVELS_FILE = "levels.toml"
KEYS_FILE = "assessment-keys.json"

_DATA_DIR = Path(__file__).resolve().parents[2] / "docs" / "data"


def data_text(name: str) -> str | None:
    """A data file's text from docs/data/ (None if it does not exist)."""
    path = _DATA_DIR / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{name} is not valid TOML: {exc}") from None


def content_hash(bank_data: dict, levels_data: dict, keys: dict[str, str]) -> str:
    """12 hex digits of SHA-256 over the parsed content (not comments or layout) and the keys."""
    canonical = json.dumps({"bank": bank_data, "levels": levels_data, "keys": keys}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def bank_from_text(bank_text: str, levels_text: str, computed: dict[str, dict[str, Any]] | None = None) -> Bank:
    """Parse and check the bank; compute the keys with the drift engine unless `computed` is given."""
    bank_data = _toml(bank_text, BANK_FILE)
    levels_data = _toml(levels_text, LEVELS_FILE)
    levels = parse_levels(levels_data)
    draft = parse_bank(bank_data, levels)
    if computed is None:
        from .readings import compute

        computed = compute(draft.items)
    keys = {item_id: entry["key"] for item_id, entry in computed.items()}
    return parse_bank(bank_data, levels, computed=computed, content_hash=content_hash(bank_data, levels_data, keys))


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    """The site's bank, checked; cached for the life of the process (the worker's or the CLI's)."""
    bank_text = data_text(BANK_FILE)
    levels_text = data_text(LEVELS_FILE)
    if bank_text is None or levels_text is None:
        raise BankError(f"the data files {BANK_FILE} and {LEVELS_FILE} are missing from this installation")
    shipped = data_text(KEYS_FILE)
    computed = json.loads(shipped)["items"] if shipped is not None else None
    return bank_from_text(bank_text, levels_text, computed)


def keys_file_text(bank_text: str, levels_text: str) -> str:
    """The keys file written into the wheel at build time: computed natively, checked, stable."""
    bank = bank_from_text(bank_text, levels_text)
    items = {item_id: {"key": bank.keys[item_id], "measured": bank.measured[item_id]} for item_id in sorted(bank.keys)}
    return json.dumps({"bank_version": bank.version, "bank_hash": bank.hash, "items": items}, indent=1, sort_keys=True) + "\n"
