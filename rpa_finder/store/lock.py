# SPDX-License-Identifier: AGPL-3.0-or-later
"""One run per store at a time: an ``fcntl.flock`` on a lock file beside the database.

The kernel drops a flock when its process dies, even by SIGKILL, so a crashed run never leaves a
stale lock behind.  A second run waits up to its ``lock_timeout_seconds`` and then fails with exit
73 (output not writable), naming the process that holds the lock.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import ConfigError, Message, OutputNotWritableError

__all__ = ["lock_store", "lock_path"]

POLL_SECONDS = 0.1

#: Lock descriptors this process holds.  A forked child shares the parent's open file description,
#: and with it the flock: were the child to keep its copy, a killed parent's lock would stay held until
#: the child exits.  So every forked child closes them at once (exec'd children never get them:
#: ``os.open`` makes descriptors non-inheritable).
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in list(_HELD):
        try:
            os.close(fd)  # the child's reference only: the parent's lock stays
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


def lock_path(store: str | Path) -> Path:
    """``runs.duckdb`` -> ``runs.duckdb.lock``."""
    store = Path(store)
    return store.with_name(store.name + ".lock")


def _holder(path: Path) -> Message:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return Message("another process")
    return Message("process {pid}", pid=text) if text.isdigit() else Message("another process")


@contextmanager
def lock_store(store: str | Path, timeout: float, *, waiting: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the store's lock for the block; wait at most ``timeout`` seconds for it."""
    path = lock_path(store)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except FileNotFoundError:
        raise ConfigError("the store's folder does not exist", file=Path(store),
                          fix="create the folder, or correct the store path ([job] store or --store)") from None
    except OSError as exc:
        raise OutputNotWritableError(Message("cannot create the lock file ({reason})", reason=exc.strerror), file=path,
                                     fix="make the store's folder writable") from None
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputNotWritableError(
                        Message("the store is locked by {holder} (another run); waited {seconds:g} s",
                                holder=_holder(path), seconds=timeout), file=Path(store),
                        fix="let that run finish, or raise [job] lock_timeout_seconds") from None
                if waiting and not told:
                    waiting(f"waiting up to {timeout:g} s for the run holding {path.name}")
                    told = True
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        _HELD.add(fd)
        yield path
    finally:
        _HELD.discard(fd)
        os.close(fd)  # releases the flock
