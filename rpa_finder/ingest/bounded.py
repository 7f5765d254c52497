# SPDX-License-Identifier: AGPL-3.0-or-later
"""Decompression with a limit: a gzip file that expands like a bomb is refused before it costs memory.

Real exports compress 15-30:1 (the shared BPIC, Sepsis and WABO logs: 15-27:1); a gzip bomb made of
one repeated block compresses 300-1000:1.  Every reader of compressed input (CSV, chunked ingest, XES,
and the parts of an .xlsx) therefore counts what it has decompressed against what it has read, and
once more than ``RATIO_FLOOR`` bytes have come out at over ``MAX_RATIO`` times the compressed bytes,
stops with a one-line :class:`BadDataError` (exit 65).  The check costs two additions per block.
"""
from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

from ..errors import BadDataError, Message

__all__ = ["MAX_RATIO", "RATIO_FLOOR", "BoundedGzip", "open_gzip", "input_stream", "check_zip_ratios"]

#: Decompressed/compressed bytes beyond which compressed input is taken for a decompression bomb.
MAX_RATIO = 100
#: The ratio is judged only after this many decompressed bytes (a tiny file may compress very well).
RATIO_FLOOR = 64 << 20
_FIX = Message("decompress it yourself and check its content; a real export compresses far less")


def bomb_error(file: object, produced: int, consumed: int) -> BadDataError:
    return BadDataError(Message("gzip data expands more than {ratio}:1 ({produced} MiB from {consumed} KiB read): "
                                "refused as a decompression bomb", ratio=MAX_RATIO, produced=produced >> 20,
                                consumed=max(consumed, 1) >> 10),
                        file=file, where="gzip stream", fix=_FIX)


class _Counting(io.RawIOBase):
    """The compressed file, counting the bytes read from it."""

    def __init__(self, raw) -> None:
        self.raw, self.consumed = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = self.raw.readinto(buffer)
        self.consumed += size or 0
        return size

    def close(self) -> None:
        self.raw.close()
        super().close()


class BoundedGzip(io.RawIOBase):
    """A readable binary stream of a gzip file's content that raises once it looks like a bomb.

    >>> with BoundedGzip("export.csv.gz") as stream:   # doctest: +SKIP
    ...     head = stream.read(1 << 20)
    """

    def __init__(self, path: str | Path, file: object = None, *, quiet: bool = False) -> None:
        self.file = path if file is None else file
        self.quiet = quiet  # end the stream instead of raising (a C reader such as pyarrow's is reading)
        self.refused: BadDataError | None = None
        self._raw = _Counting(open(path, "rb", buffering=0))
        self._gzip = gzip.GzipFile(fileobj=io.BufferedReader(self._raw, 1 << 20), mode="rb")
        self.produced = 0

    def readable(self) -> bool:
        return True

    def _count(self, size: int) -> bool:
        """Whether the stream may go on; raises (or, quiet, remembers the error) once it is a bomb."""
        self.produced += size
        if self.produced > RATIO_FLOOR and self.produced > MAX_RATIO * self._raw.consumed:
            self.refused = self.refused or bomb_error(self.file, self.produced, self._raw.consumed)
            if not self.quiet:
                raise self.refused
        return self.refused is None

    def read(self, size: int = -1) -> bytes:
        if self.refused is not None:
            return b""
        data = self._gzip.read(size)
        return data if self._count(len(data)) else b""

    def readinto(self, buffer) -> int:
        if self.refused is not None:
            return 0
        size = self._gzip.readinto(buffer)
        return size if self._count(size) else 0

    def check(self) -> None:
        """Raise the refusal a quiet stream kept (call after the C reader returns or fails)."""
        if self.refused is not None:
            raise self.refused

    def close(self) -> None:
        try:
            self._gzip.close()
        finally:
            self._raw.close()
            super().close()


def open_gzip(path: str | Path, file: object = None) -> io.BufferedReader:
    """:class:`BoundedGzip` behind a 1 MiB buffer (what pyarrow and lxml are fed from)."""
    return io.BufferedReader(BoundedGzip(path, file), 1 << 20)


def input_stream(path: str | Path, compressed: bool, file: object = None):
    """(a pyarrow input stream of the file's content, a check to call after reading it).

    gzip goes through a quiet :class:`BoundedGzip`: a Python exception must not cross pyarrow's
    reader threads, so a bomb ends the stream early and ``check()`` raises the refusal afterwards.
    """
    import pyarrow as pa

    if not compressed:
        return pa.input_stream(str(path)), lambda: None
    bounded = BoundedGzip(path, file, quiet=True)
    return pa.PythonFile(io.BufferedReader(bounded, 1 << 20), mode="r"), bounded.check


def check_zip_ratios(archive: zipfile.ZipFile, file: object) -> None:
    """Refuse a ZIP (an .xlsx) whose parts declare a bomb's expansion.

    zipfile never returns more than a part's declared size, so the declared sizes bound what is read.
    """
    for info in archive.infolist():
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BadDataError(Message("part {part!r} expands more than {ratio}:1 ({size} MiB from {compressed} KiB): "
                                       "refused as a decompression bomb", part=info.filename, ratio=MAX_RATIO,
                                       size=info.file_size >> 20, compressed=info.compress_size >> 10),
                               file=file, where="ZIP archive", fix=_FIX)

