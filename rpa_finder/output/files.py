# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writing single files safely: atomically (temp file, then rename) and with inert cells."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Message, OutputNotWritableError
from .inert import inert_frame

__all__ = ["write_csv", "write_json", "write_text", "ensure_folder", "current_umask"]


def ensure_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritableError(Message("cannot create folder ({reason})", reason=exc.strerror), file=folder,
                                     fix="choose another output folder with -o") from None
    if not os.access(folder, os.W_OK):
        raise OutputNotWritableError("folder is not writable", file=folder, fix="choose another output folder with -o")
    return folder


def current_umask() -> int:
    """This process's umask, read without changing it (``os.umask`` sets it process-wide, racing
    other threads' file creation); the set-and-restore fallback only where /proc has no Umask line."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str | bytes) -> Path:
    """Write a whole file atomically: readers see the old file or the new one, never half of one.

    The file gets the permissions of an ordinary new file (0666 less the umask), like every other
    output: ``mkstemp`` alone would leave it 0600, unreadable to colleagues on a shared folder.
    """
    path = Path(path)
    ensure_folder(path.parent)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputNotWritableError(Message("cannot write ({reason})", reason=exc.strerror), file=path,
                                     fix="check free space and permissions, or choose another path") from None
    return path


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8 CSV with ISO dates and formula-like text made inert."""
    return write_text(path, inert_frame(frame).to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S%z"))


def write_json(data: Any, path: Path) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
