# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where one command spends its time: run the CLI in this process with every stderr line time-stamped.

    python bench/timeline.py analyze bench/out/hv_ostolaskut_1m.csv -o /tmp/out --lang en
    PYTHONPATH=/tmp/before python bench/timeline.py analyze ...     # another checkout (before/after)

Each stage line (``rpa-finder: reading ...``, ``analysing``, ``writing``, ``rendering report.html``)
gets the seconds since this script started, imports included; the last line is the command's end,
before the interpreter's teardown.  A stage a bench table reports as one figure shows here as its
parts, which is how session 7 found what to remove (bench/README.md).
"""
from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()


class _Stamped:
    """A text stream that starts every line with the seconds since :data:`STARTED`."""

    def __init__(self, stream):
        self._stream = stream
        self._at_line_start = True

    def write(self, text) -> int:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        parts = []
        for line in text.splitlines(True):
            if self._at_line_start:
                parts.append(f"[{time.perf_counter() - STARTED:6.2f}] ")
            parts.append(line)
            self._at_line_start = line.endswith("\n")
        return self._stream.write("".join(parts))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str]) -> None:
    """Run ``rpa-finder ARGV``; it exits with the command's code (SystemExit) after the "end" line."""
    sys.stderr = _Stamped(sys.stderr)
    from rpa_finder.cli import main as cli_main

    try:
        cli_main(argv)
    finally:
        sys.stderr.write("end\n")


if __name__ == "__main__":
    main(sys.argv[1:])
