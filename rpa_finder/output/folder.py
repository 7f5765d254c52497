# SPDX-License-Identifier: AGPL-3.0-or-later
"""Results folders that appear whole or not at all, with a manifest of checksums.

Files go into a hidden temporary folder beside the target; only when every file is written is it
renamed into place.  A crash, an exception or SIGKILL mid-way therefore leaves the previous folder as
it was (at worst a ``.<name>.tmp-*`` folder remains beside it, which a later run removes once it is an
hour old; results moved aside by a ``--force`` run killed between its two renames are put back).

Replacing a folder follows three rules:

* a missing or empty target is simply created;
* a target holding our ``manifest.json`` from another run is replaced only with ``--force``: the old
  folder is moved aside, the new one renamed in, then the old one deleted;
* a non-empty target without our manifest, or one holding files the manifest does not list, is never
  replaced, not even with ``--force``: we delete no file we did not write.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd

from .. import __version__
from ..errors import Message, OutputNotWritableError
from .inert import inert_frame

__all__ = ["write_results_folder", "build_manifest", "read_manifest", "verify_manifest", "check_target",
           "InputDigests", "read_digests", "MANIFEST", "TOOL"]

MANIFEST = "manifest.json"
TOOL = "rpa_finder"
_CHUNK = 1 << 20
#: A temp folder untouched this long belongs to a run that was killed (writing takes seconds).
STALE_SECONDS = 3600


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest when it is one of ours, else None."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == TOOL and isinstance(data.get("files"), dict) else None


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def verify_manifest(folder: Path) -> list[str]:
    """Problems with a results folder: files missing, changed, or not in the manifest (empty: intact)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        return [f"{MANIFEST} missing or not written by {TOOL}"]
    problems = []
    for name, entry in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif path.stat().st_size != entry.get("bytes") or _sha256(path) != entry.get("sha256"):
            problems.append(f"{name}: changed since the run")
    problems += [f"{name}: not written by the run" for name in _listing(folder)
                 if name != MANIFEST and name not in manifest["files"]]
    return problems


class InputDigests:
    """The inputs' checksums for the manifest, computed on a thread from the moment this is made.

    ``known`` holds the digests ingest took while it read the files (by resolved path): the manifest
    then names the bytes that were analysed, and a 285 MB export is not hashed a second time.  The
    others are hashed on a thread (hashlib releases the GIL) while the results are built and written.
    A read error comes out of :meth:`entries` as the OSError it is.
    """

    def __init__(self, inputs: Sequence[Path], known: Mapping[Path, str] | None = None):
        paths = [Path(p) for p in inputs]
        self.names = [p.name for p in paths]  # by basename only: no paths leak
        known = known or {}
        self._digests: list[str | None] = [known.get(_resolved(p)) for p in paths]
        self._error: OSError | None = None
        unknown = [i for i, digest in enumerate(self._digests) if digest is None]
        # a daemon: a write refused before the manifest (a target we may not replace) exits at once
        self._thread = threading.Thread(target=self._hash, args=(paths, unknown), name="rpa_finder-digests",
                                        daemon=True)
        self._thread.start()

    def _hash(self, paths: list[Path], unknown: list[int]) -> None:
        try:
            for i in unknown:
                self._digests[i] = _sha256(paths[i])
        except OSError as exc:
            self._error = exc

    def entries(self) -> list[dict[str, str]]:
        """``[{"file": name, "sha256": hex}, ...]`` in the order of the inputs (waits for the thread)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return [{"file": name, "sha256": digest} for name, digest in zip(self.names, self._digests)]


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop: hashing it fails the same way the read did
        return Path(path).absolute()


def read_digests(sources: Iterable[Any]) -> dict[Path, str]:
    """Resolved path -> sha256 of the files ingest read (``SourceInfo`` items; store logs have no file)."""
    return {_resolved(Path(s.path)): s.sha256 for s in sources if s.format != "store" and s.sha256}


def build_manifest(folder: Path, *, command: str, inputs: "Sequence[Path] | InputDigests") -> dict[str, Any]:
    """Checksums of every file in ``folder`` and of the inputs (by basename only: no paths leak)."""
    folder = Path(folder)
    files = {name: {"sha256": _sha256(folder / name), "bytes": (folder / name).stat().st_size}
             for name in _listing(folder) if name != MANIFEST}
    digests = inputs if isinstance(inputs, InputDigests) else InputDigests(inputs)
    return {"tool": TOOL, "version": __version__,
            "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "command": command, "inputs": digests.entries(), "files": files}


def check_target(target: Path, *, force: bool) -> bool:
    """Refuse a target we may not replace; True when an earlier run's folder will be replaced."""
    target = Path(target)
    if not target.exists():
        return False
    if not target.is_dir():
        raise OutputNotWritableError("exists and is not a folder", file=target,
                                     fix="choose another output folder with -o")
    if not any(target.iterdir()):
        return False
    manifest = read_manifest(target)
    if manifest is None:
        raise OutputNotWritableError(Message("folder holds files not written by {tool} (no {manifest}); nothing was "
                                             "replaced", tool=TOOL, manifest=MANIFEST), file=target,
                                     fix="choose an empty or new folder with -o (--force never deletes files rpa_finder "
                                     "did not write)")
    foreign = [name for name in _listing(target) if name != MANIFEST and name not in manifest["files"]]
    if foreign:
        raise OutputNotWritableError(Message("folder holds {count} file(s) an earlier run did not write, e.g. "
                                             "{example!r}; nothing was replaced", count=len(foreign),
                                             example=foreign[0]), file=target,
                                     fix="move those files out, or choose another folder with -o")
    if not force:
        raise OutputNotWritableError("folder holds the results of an earlier run", file=target,
                                     fix="pass --force to replace them, or choose another folder with -o")
    return True


def _write_payload(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(payload, pd.DataFrame):
        data = inert_frame(payload).to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S%z").encode("utf-8")
    elif isinstance(payload, (dict, list)):
        data = (json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
    elif isinstance(payload, str):
        data = payload.encode("utf-8")
    elif isinstance(payload, bytes):
        data = payload
    elif callable(payload):
        payload(path)
        return
    else:
        raise TypeError(f"cannot write {type(payload).__name__} to {path.name}")
    path.write_bytes(data)


def _umask() -> int:
    from .files import current_umask

    return current_umask()


def _remove_stale(parent: Path, name: str) -> None:
    """Tidy what a killed run left: old temp folders go; previous results moved aside come back."""
    now = time.time()
    for stale in parent.glob(f".{name}.tmp-*"):
        if stale.is_dir() and now - stale.stat().st_mtime > STALE_SECONDS:  # not a run writing right now
            shutil.rmtree(stale, ignore_errors=True)
    aside = [p for p in parent.glob(f".{name}.old-*") if p.is_dir() and read_manifest(p) is not None]
    target = parent / name
    if not target.exists() and len(aside) == 1:
        os.rename(aside[0], target)  # killed between the two renames of a --force run
    elif target.exists():
        for old in aside:
            shutil.rmtree(old, ignore_errors=True)


def write_results_folder(target: str | Path, files: Mapping[str, Any], *, command: str,
                         inputs: "Sequence[Path] | InputDigests", force: bool = False,
                         before_commit: Callable[[Path], None] | None = None) -> Path:
    """Write ``files`` (relative name -> frame, JSON data, bytes or a writer) as the folder ``target``.

    ``before_commit(tmp_folder)`` runs after the files are written and before the manifest, e.g. to
    render report.html from the JSON files.  ``inputs`` may be :class:`InputDigests` made before the
    files were built, so that hashing the inputs overlaps building them.  Returns ``target``.
    """
    if not isinstance(inputs, InputDigests):
        inputs = InputDigests(inputs)  # hashing from now on, beside the writing
    target = Path(target)
    parent = target.absolute().parent
    if parent.is_dir():
        _remove_stale(parent, target.name)
    replacing = check_target(target, force=force)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=parent))
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; results are ordinary files
    except OSError as exc:
        raise OutputNotWritableError(Message("cannot create the output folder ({reason})", reason=exc.strerror),
                                     file=target,
                                     fix="choose a writable place with -o") from None
    try:
        for name, payload in files.items():
            if Path(name).is_absolute() or ".." in Path(name).parts or name == MANIFEST:
                raise ValueError(f"bad result file name {name!r}")
            _write_payload(tmp / name, payload)
        if before_commit is not None:
            before_commit(tmp)
        manifest = build_manifest(tmp, command=command, inputs=inputs)
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _commit(tmp, target, replacing)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputNotWritableError(Message("cannot write the results ({reason}); the previous folder is unchanged",
                                             reason=exc.strerror or str(exc)), file=target,
                                     fix="check free space and permissions") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _commit(tmp: Path, target: Path, replacing: bool) -> None:
    if target.is_dir() and not replacing:
        target.rmdir()  # empty: checked by check_target
    if not replacing:
        os.rename(tmp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=tmp.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        os.rename(old, target)  # put the previous results back
        raise
    shutil.rmtree(old, ignore_errors=True)
