"""Build the evaluator into the py3-none-any wheel that the browser installs, data files included.

flit_core builds the wheel from evaluator/ (about 50 ms, in process); the maintainers' data files
(`evaluator.datafile.DATA_DIRS` under docs/) are then added under ``evaluator/_data/`` with the
wheel's RECORD rewritten, so the same typed loaders read them in Pyodide. A fixed timestamp makes
the wheel byte-for-byte reproducible: its URL (a content hash) changes only when the evaluator's
code or data change.
"""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from pathlib import Path

from evaluator.datafile import DATA_DIRS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WHEEL_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


class WheelError(RuntimeError):
    """The evaluator could not be built into a pure-Python wheel."""


def data_files(docs: Path = DOCS) -> dict[str, Path]:
    """Name in the wheel -> source file, for every file of the data folders (sorted, so stable)."""
    out = {}
    for folder in DATA_DIRS:
        base = docs / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else ():
            if path.is_file() and not path.name.startswith("."):
                out[f"evaluator/_data/{folder}/{path.relative_to(base).as_posix()}"] = path
    return out


def generated_files(docs: Path = DOCS) -> dict[str, bytes]:
    """Name in the wheel -> content, for data computed at build time: the self-assessment's keys.

    The keys of its reading questions come from the drift engine (numpy), which the page does not
    load, so they are computed here, natively, and travel with the bank.
    """
    from evaluator.assessment.load import BANK_FILE, KEYS_FILE, keys_file_text
    from evaluator.datafile import DataError
    from evaluator.levels import FILE as LEVELS_FILE

    try:
        text = keys_file_text((docs / BANK_FILE).read_text(encoding="utf-8"), (docs / LEVELS_FILE).read_text(encoding="utf-8"))
    except (DataError, OSError) as exc:
        raise WheelError(f"could not compute the self-assessment's keys: {exc}") from None
    return {f"evaluator/_data/{KEYS_FILE}": text.encode("utf-8")}


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _add_files(wheel: Path, extra: dict[str, bytes]) -> None:
    """Rewrite ``wheel`` with ``extra`` files added and its RECORD listing them."""
    with zipfile.ZipFile(wheel) as zf:
        entries = {info.filename: zf.read(info) for info in zf.infolist()}
    (record_name,) = [n for n in entries if n.endswith(".dist-info/RECORD")]
    entries.pop(record_name)
    entries.update(extra)
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries.items())
    entries[record_name] = (record + f"{record_name},,\n").encode()
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
    tmp.replace(wheel)


def build_evaluator_wheel(out_dir: Path, docs: Path = DOCS) -> Path:
    """Build the wheel into ``out_dir`` and return its path."""
    from flit_core import buildapi

    previous_cwd, previous_epoch = os.getcwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = WHEEL_EPOCH
    try:
        os.chdir(ROOT)
        name = buildapi.build_wheel(str(out_dir))
    except Exception as exc:  # flit_core's own errors say what is wrong with pyproject.toml
        raise WheelError(f"could not build the evaluator wheel: {type(exc).__name__}: {exc}") from None
    finally:
        os.chdir(previous_cwd)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    if not name.endswith("-py3-none-any.whl"):
        raise WheelError(f"the evaluator wheel must be pure Python (py3-none-any), got {name}")
    wheel = out_dir / name
    _add_files(wheel, {**{arc: path.read_bytes() for arc, path in data_files(docs).items()}, **generated_files(docs)})
    return wheel
