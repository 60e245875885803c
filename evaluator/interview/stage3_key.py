"""The stage-3 answer key (docs/interview/data/stage3-key.toml): faults, fixes, probes and cited lines.

Every citation names a file of the stage-3 pipeline, a line number and text that must stand on
that line; `check_citations` holds the key to the code, so the build fails when they drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datafile import DataError, load, require, unique

FILE = "interview/data/stage3-key.toml"


@dataclass(frozen=True)
class Citation:
    file: str
    line: int
    text: str


@dataclass(frozen=True)
class Fault:
    id: str
    title: str
    severity: str
    what: str
    fix: str
    probe: str
    citations: tuple[Citation, ...]


def parse_stage3_key(data: dict[str, Any]) -> list[Fault]:
    faults = []
    for i, raw in enumerate(require(data, "fault", list, "top level")):
        fid = require(raw, "id", str, f"[[fault]] #{i + 1}")
        where = f"fault {fid}"
        cites = require(raw, "citation", list, where)
        if not cites:
            raise DataError(f"{where} cites no lines")
        citations = []
        for j, c in enumerate(cites):
            cwhere = f"{where}, citation #{j + 1}"
            citations.append(Citation(require(c, "file", str, cwhere), require(c, "line", int, cwhere), require(c, "text", str, cwhere)))
        faults.append(
            Fault(
                id=fid,
                title=require(raw, "title", str, where),
                severity=require(raw, "severity", str, where),
                what=require(raw, "what", str, where),
                fix=require(raw, "fix", str, where),
                probe=require(raw, "probe", str, where),
                citations=tuple(citations),
            )
        )
    if not faults:
        raise DataError("top level: no [[fault]] tables")
    unique([f.id for f in faults], "fault ids", "[[fault]]")
    return faults


def load_stage3_key(text: str | None = None) -> list[Fault]:
    return load(FILE, parse_stage3_key, text)


def pipeline_lines(pipeline: Path, name: str) -> list[str]:
    """The lines of one file of the pipeline; a name outside the pipeline folder is a DataError."""
    path = (pipeline / name).resolve()
    if pipeline.resolve() not in path.parents or not path.is_file():
        raise DataError(f"{FILE} cites {name!r}, which is not a file of the stage-3 pipeline")
    return path.read_text(encoding="utf-8").splitlines()


def check_citations(faults: list[Fault], pipeline: Path) -> None:
    """Every cited line must exist and still hold its text; DataError names the first that does not."""
    for fault in faults:
        for c in fault.citations:
            lines = pipeline_lines(pipeline, c.file)
            if not 1 <= c.line <= len(lines):
                raise DataError(f"{FILE}: fault {fault.id}: {c.file} has no line {c.line}")
            if c.text not in lines[c.line - 1]:
                raise DataError(
                    f"{FILE}: fault {fault.id}: {c.file} line {c.line} no longer holds {c.text!r} "
                    f"(it reads {lines[c.line - 1].strip()!r}); update the key to the code"
                )


def cited_line(pipeline: Path, citation: Citation) -> str:
    return pipeline_lines(pipeline, citation.file)[citation.line - 1].strip()
