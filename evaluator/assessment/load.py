"""Loading the bank: its data file, the kit's levels, the computed keys and the content hash that identifies it.

The keys of computed items are written into the evaluator wheel when the site is built
(`KEYS_FILE`, computed natively by the drift engine; see scripts/wheel.py); the browser reads
them from there and never loads numpy. Run from a checkout, where no such file exists, the keys
are computed on the spot with the same engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from functools import lru_cache
from typing import Any

from ..datafile import BUNDLED, DataError, read_text
from ..levels import FILE as LEVELS_FILE
from ..levels import LevelDefinition, load_levels
from .bank import Bank, parse_bank

BANK_FILE = "data/assessment.toml"
KEYS_FILE = "data/assessment-keys.json"  # generated into the wheel, never committed


def content_hash(bank_data: dict, levels: list[LevelDefinition], keys: dict[str, str]) -> str:
    """12 hex digits of SHA-256 over the parsed content (not comments or layout) and the keys."""
    canonical = json.dumps(
        {"bank": bank_data, "levels": [dataclasses.asdict(lv) for lv in levels], "keys": keys},
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _parse(bank_data: dict, levels: list[LevelDefinition], **kwargs: Any) -> Bank:
    try:
        return parse_bank(bank_data, levels, **kwargs)
    except DataError as exc:
        raise DataError(f"{BANK_FILE}: {exc}") from None


def bank_from_text(bank_text: str | None = None, levels_text: str | None = None,
                   computed: dict[str, dict[str, Any]] | None = None) -> Bank:
    """Parse and check the bank (the site's files unless texts are given); compute the keys with the
    drift engine unless `computed` gives them."""
    text = read_text(BANK_FILE) if bank_text is None else bank_text
    try:
        bank_data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{BANK_FILE}: not valid TOML: {exc}") from None
    levels = load_levels(levels_text)
    if computed is None:
        from .readings import compute

        computed = compute(_parse(bank_data, levels).items)
    keys = {item_id: entry["key"] for item_id, entry in computed.items()}
    return _parse(bank_data, levels, computed=computed, content_hash=content_hash(bank_data, levels, keys))


def shipped_keys() -> dict[str, dict[str, Any]] | None:
    """The keys the build wrote into the wheel, or None when running from a checkout."""
    path = BUNDLED / KEYS_FILE
    return json.loads(path.read_text(encoding="utf-8"))["items"] if path.is_file() else None


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    """The site's bank, checked; cached for the life of the process (the worker's or the CLI's)."""
    return bank_from_text(computed=shipped_keys())


def keys_file_text(bank_text: str | None = None, levels_text: str | None = None) -> str:
    """The keys file written into the wheel at build time: computed natively, checked, stable."""
    bank = bank_from_text(bank_text, levels_text)
    items = {item_id: {"key": bank.keys[item_id], "measured": bank.measured[item_id]} for item_id in sorted(bank.keys)}
    return json.dumps({"bank_version": bank.version, "bank_hash": bank.hash, "items": items}, indent=1, sort_keys=True) + "\n"


__all__ = ["BANK_FILE", "KEYS_FILE", "LEVELS_FILE", "bank_from_text", "keys_file_text", "load_bank", "shipped_keys"]
