"""Private packs: a team's own cause menu (stage 2) or fault menu (stage 3), never published.

A pack is a TOML file in the format of the public menu of its stage (docs/data/stage2-causes.toml,
docs/data/stage3-faults.toml), with an optional ``[pack]`` table naming it. The public menus are
practice material: anyone can read what they can plant, with every range and every sentence of
the keys. A pack changes what is planted, how often, with which ranges and in which words, and
(stage 3) it also enters every random draw, so the files of a pack's variant cannot be rebuilt,
or searched for, by someone who holds the seed but not the pack. The page reads a pack in the
browser only; the CLI reads it from disk; neither ever sends it anywhere.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from ..datafile import DataError
from ..errors import InputError

PUBLIC_FILES = {"stage-2": "docs/data/stage2-causes.toml", "stage-3": "docs/data/stage3-faults.toml"}
MAX_PACK_BYTES = 1_000_000
_NAME = re.compile(r"^[\w][\w .,'()+\-]{0,79}$")


@dataclass(frozen=True)
class Pack:
    """A parsed pack: its name, the SHA-256 of its file, and the menu it holds."""

    stage: str
    name: str
    sha256: str
    menu: Any  # stage2_causes.Menu or stage3_faults.FaultMenu

    def salt(self) -> list[int]:
        """Four 32-bit words of the file's hash, mixed into every random draw of its variants."""
        digest = bytes.fromhex(self.sha256)
        return [int.from_bytes(digest[i:i + 4], "big") for i in range(0, 16, 4)]

    def provenance(self) -> str:
        return (f"**Private pack.** Drawn from the pack \u201c{self.name}\u201d (SHA-256 of its file "
                f"`{self.sha256}`). Without that file nobody can make this variant, even with its seed.")


def public_provenance(stage: str) -> str:
    return (f"**Public menu.** Drawn from the kit's public menu (`{PUBLIC_FILES[stage]}`), which anyone "
            "can read: a candidate may know every kind of problem it can plant and every range, but "
            "not which ones this seed drew. For real hiring, prefer a private pack (see the variants page).")


def _pack_name(data: dict[str, Any], file_name: str | None) -> str:
    table = data.pop("pack", None)
    name = None
    if table is not None:
        if not isinstance(table, dict):
            raise InputError("the pack's 'pack' entry must be a table: [pack] with name = \"...\"")
        name = table.get("name")
        if name is not None and (not isinstance(name, str) or not _NAME.match(name.strip())):
            raise InputError("the pack's [pack] name must be 1 to 80 letters, digits, spaces or . , ' ( ) + -")
    if name is None and file_name:
        stem = file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        stem = stem[:-5] if stem.lower().endswith(".toml") else stem
        name = re.sub(r"[^\w .,'()+\-]", "_", stem)[:80] or None
    return (name or "unnamed pack").strip()


def load_pack(stage: str, content: bytes | str, file_name: str | None = None) -> Pack:
    """Read a pack for ``stage``; InputError says what is wrong, with the menu checker's words."""
    raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    if not raw.strip():
        raise InputError("the pack file is empty")
    if len(raw) > MAX_PACK_BYTES:
        raise InputError(f"the pack file has {len(raw):,} bytes; a menu is far smaller (at most {MAX_PACK_BYTES:,})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the pack file is not UTF-8 text (byte {exc.start:,} is not)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"the pack file is not valid TOML: {exc}") from None
    name = _pack_name(data, file_name)
    tables = {"stage-2": "cause", "stage-3": "fault"}
    for other, table in tables.items():
        if other != stage and table in data and tables.get(stage) not in data:
            raise InputError(f"this is a {other} pack (it has [[{table}]] tables), not a {stage} pack: "
                             f"choose {other}, or load a {stage} pack")
    try:
        if stage == "stage-2":
            from .stage2_causes import parse_menu
            menu = parse_menu(data)
        elif stage == "stage-3":
            from .stage3 import check_plantable
            from .stage3_faults import parse_fault_menu
            menu = parse_fault_menu(data)
            check_plantable(menu)
        else:
            raise InputError(f"stage must be one of {', '.join(PUBLIC_FILES)}, got {stage!r}")
    except DataError as exc:
        raise InputError(f"the pack does not fit the {stage} menu's format: {exc}") from None
    return Pack(stage, name, hashlib.sha256(raw).hexdigest(), menu)
