"""A private variant for one candidate: the ZIP to send them and the key the interviewers keep.

The same code writes the site's published examples (with their seeds from the menus) and, in the
interviewer's browser, every private variant; nothing here depends on where it runs, so a seed
gives the same bytes natively and in the browser.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable

from ..datafile import DataError
from ..errors import InputError
from . import stage2, stage3
from .briefs import render_brief
from .packaging import zip_files
from .packs import Pack, public_provenance
from .seeds import FULL_SEED_MIN, PRACTICE_NOTE, grouped, is_practice
from .stage2_figures import headline
from .stage2_key import drift_columns, stage2_key

STAGES = ("stage-2", "stage-3")
BRIEF_FILE = "BRIEF.md"
ZIP_FOLDERS = {"stage-2": "stage-2-data", "stage-3": stage3.FOLDER}
Progress = Callable[[str, int, int], Any]


def stage2_brief_figures(variant: stage2.Stage2Variant, files: str) -> dict[str, str]:
    """The figures the stage-2 brief quotes; ``files`` is the path prefix of the two CSV files."""
    return {**headline(variant), "files": files}


def stage3_brief_figures(variant: stage3.Stage3Variant, files: str, download: str) -> dict[str, str]:
    return {"files": files, "download": download, "rows": f"{variant.rows:,}"}


def candidate_brief(stage: str, figures: dict[str, str]) -> str:
    return render_brief(stage, figures)


def _file(name: str, content: bytes) -> dict[str, Any]:
    return {"name": name, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def with_provenance(key: str, stage: str, seed: int, pack: Pack | None) -> str:
    """The private key, with where its variant comes from after the warning: the pack (its name
    and hash) or the public menu, and, for a short seed, that it is practice material only."""
    notes = [pack.provenance() if pack else public_provenance(stage)]
    if is_practice(seed):
        notes.append(PRACTICE_NOTE.format(minimum=grouped(FULL_SEED_MIN)))
    title, warning, rest = key.split("\n\n", 2)  # a private key opens with its title and its warning
    if not title.startswith("# ") or "Private" not in warning:
        raise ValueError("a private key opens with its title and its warning")
    return "\n\n".join([title, warning, *notes, rest])


def candidate_pack(stage: str, seed: int, progress: Progress | None = None, *, published: bool = False,
                   pack: Pack | None = None) -> dict[str, Any]:
    """The variant of ``stage`` for ``seed``: ZIP bytes for the candidate, Markdown key for the
    interviewers (``published``: the site's example, whose key page has its own title and warning;
    ``pack``: a private pack, whose menu replaces the public one)."""
    report = progress or (lambda stage_name, done, total: None)
    report("drawing the variant", 0, 3)
    folder = ZIP_FOLDERS[stage]
    menu = pack.menu if pack else None
    if stage == "stage-2":
        try:
            variant = stage2.make_variant(seed, menu=menu)
        except RuntimeError as exc:
            if pack is None:
                raise
            raise InputError(f"the pack \u201c{pack.name}\u201d draws no usable variant for this seed: {exc}; "
                             "widen its ranges, or try another seed") from None
        files: dict[str, bytes] = {
            "reference.csv": variant.reference_csv.encode("utf-8"),
            "current.csv": variant.current_csv.encode("utf-8"),
        }
        brief = candidate_brief(stage, stage2_brief_figures(variant, ""))
        report("checking it with the drift report", 1, 3)
        key = stage2_key(variant, drift=drift_columns(variant), published=published, menu=menu)
        summary = {
            "accuracy_reference": round(variant.accuracy_reference, 4),
            "accuracy_current": round(variant.accuracy_current, 4),
            "accuracy_drop_points": round(variant.accuracy_drop_points, 1),
            "planted": len(variant.causes),
        }
    else:
        try:
            variant = stage3.make_variant(seed, menu=menu, salt=tuple(pack.salt()) if pack else ())
        except DataError as exc:
            raise InputError(f"the pack \u201c{pack.name if pack else 'public menu'}\u201d cannot be drawn from: {exc}") from None
        files = {name: text.encode("utf-8") for name, text in variant.files.items()}
        brief = candidate_brief(stage, stage3_brief_figures(variant, "", "The files are in this folder:"))
        summary = {"planted": len(variant.faults)}
        key = None
    files[BRIEF_FILE] = brief.encode("utf-8")
    report("packing the ZIP", 2, 3)
    archive = zip_files(files, folder)
    if key is None:
        key = stage3.stage3_key(variant, zip_sha256=hashlib.sha256(archive).hexdigest(), published=published, menu=menu)
    if not published:
        key = with_provenance(key, stage, seed, pack)
    report("done", 3, 3)
    return {
        "stage": stage,
        "seed": seed,
        "practice": is_practice(seed),
        "pack": {"name": pack.name, "sha256": pack.sha256} if pack else None,
        "zip": archive,
        "zip_name": f"{folder}.zip",
        "zip_sha256": hashlib.sha256(archive).hexdigest(),
        "files": [_file(f"{folder}/{name}", files[name]) for name in sorted(files)],
        "key": key,
        "key_name": f"{stage}-key-seed-{seed}.md",
        "summary": summary,
    }
