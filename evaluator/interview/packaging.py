"""Reproducible ZIP files of exercise files: fixed dates, fixed order, so the same files give the same bytes."""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def zip_files(files: dict[str, bytes], folder: str) -> bytes:
    """A ZIP holding ``files`` (name -> content) under ``folder/``, sorted by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])
    return buffer.getvalue()
