"""A ZIP of exercise files whose bytes depend on nothing but the files (same natively and in the browser).

Stored, not compressed: deflate output may differ between zlib builds, and the kit promises that
a seed gives the same bytes everywhere. The files are small (about 1 MB for stage 2).
"""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def zip_folder(folder: str, files: dict[str, str | bytes]) -> bytes:
    """``files`` (path inside the folder -> text or bytes) as one ZIP, sorted, with fixed dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED
            content = files[name]
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()
