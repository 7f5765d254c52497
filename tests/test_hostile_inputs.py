# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every hostile kind of ``hostile.py`` through the real CLI, in a child process: the documented exit
code, one line on stderr naming the file, within 10 s and 2 GiB (the child's measured peak RSS).

Each kind runs in English (``--lang en``, so its words can be matched) and once more in Finnish or
Swedish (alternating by kind, to keep the time down): the same exit code, and the same one line with the
localised prefix and no English prose outside the quoted data (the path, values in quotes)."""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile
from test_report_i18n import _english

SECONDS = 10.0
PEAK_BYTES = 2 << 30
#: The error line's prefix per language (rpa_finder.error_texts.terminal).
PREFIX = {"en": "rpa-finder: error: ", "fi": "rpa-finder: virhe: ", "sv": "rpa-finder: fel: "}
#: Data a message quotes verbatim: 'a value', "a value", an option (--activity), an element (<event>).
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|(?<!\w)--[\w-]+|<[^<>]*>")
#: So many words in a row that the English and the localised line share are quoted data too: a csv,
#: lxml, pyarrow or OS message (``(field larger than field limit (131072))``) is passed on verbatim.
SHARED_WORDS = 3


class _Popen(subprocess.Popen):
    """Popen that reaps its child with wait4, keeping that child's own peak RSS (RUSAGE_CHILDREN would
    give the largest of every child this test process ever had)."""

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid:
            self.peak_rss = usage.ru_maxrss * 1024  # kilobytes on Linux
        return pid, status


def run(*args: str, cwd: Path, timeout: float = 60) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, seconds, peak RSS bytes) of ``rpa-finder ARGS`` in a fresh process."""
    start = time.monotonic()
    child = _Popen([sys.executable, "-c", "from rpa_finder.cli import main; main()", *args], cwd=cwd,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"rpa-finder {' '.join(args)} ran over {timeout} s")
    return child.returncode, out.decode(), err.decode(), time.monotonic() - start, child.peak_rss


def _error_lines(err: str, lang: str, command: str) -> list[str]:
    """The lines of stderr that are not progress: the error line (and anything stray beside it)."""
    prefix = PREFIX[lang]
    lines = [line for line in err.strip().splitlines() if not line.startswith("rpa-finder: ") or line.startswith(prefix)]
    if command == "analyze":  # progress lines come first; the error is the last line
        lines = lines[-1:] if lines and lines[-1].startswith(prefix) else lines
    return lines


def _prose(line: str, english: str, path: Path, lang: str) -> str:
    """The line without its prefix, the path and the quoted data: what the catalogue must have translated.

    A run of words it shares with the English line is a library's message quoted verbatim and goes too;
    what is left must still be words of its own (a line left wholly in English keeps nothing)."""
    from difflib import SequenceMatcher

    def words(text: str, prefix: str) -> list[str]:
        return QUOTED.sub("Q", text[len(prefix):].replace(str(path), "Q")).split()

    mine, theirs = words(line, PREFIX[lang]), words(english, PREFIX["en"])
    blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
    shared = {i for block in blocks if block.size >= SHARED_WORDS for i in range(block.a, block.a + block.size)}
    return " ".join(word for i, word in enumerate(mine) if i not in shared)


@pytest.mark.skipif(sys.platform != "linux", reason="peak RSS from wait4 is measured on Linux")
@pytest.mark.parametrize("kind, lang", [(k, ("fi", "sv")[i % 2]) for i, k in enumerate(hostile.KINDS)],
                         ids=[f"{k.name}-{('fi', 'sv')[i % 2]}" for i, k in enumerate(hostile.KINDS)])
def test_hostile_kind_gets_a_clean_answer(kind, lang, tmp_path):
    path = kind.make(tmp_path)
    target = ["--rejects", str(tmp_path / "rejects.csv")] if kind.command == "validate" else ["-o", str(tmp_path / "out")]
    code, out, err, seconds, peak = run(kind.command, str(path), *target, "--lang", "en", cwd=tmp_path)
    print(f"{kind.name}: exit {code}, {seconds:.1f} s, peak {peak >> 20} MiB, {path.stat().st_size >> 10} KiB on disk")
    assert code in kind.codes, err
    assert seconds < SECONDS
    assert 0 < peak < PEAK_BYTES
    if code:
        lines = _error_lines(err, "en", kind.command)
        assert len(lines) == 1, err
        assert lines[0].startswith(f"rpa-finder: error: {path}: "), lines[0]
        assert "internal error" not in lines[0]
        assert len(lines[0]) < 1000
        for word in kind.words:
            assert word in lines[0]
    else:
        assert "internal error" not in err and "Traceback" not in err
    # the same input in the other language: the same answer, its line in that language
    english = lines[0] if code else ""
    target = [target[0], target[1] + "." + lang]  # a folder of its own: the English run's is there now
    again, _, err, _, _ = run(kind.command, str(path), *target, "--lang", lang, cwd=tmp_path)
    assert again == code, err
    assert "Traceback" not in err
    if code:
        lines = _error_lines(err, lang, kind.command)
        assert len(lines) == 1, err
        assert lines[0].startswith(f"{PREFIX[lang]}{path}: "), lines[0]
        assert len(lines[0]) < 1000
        prose = _prose(lines[0], english, path, lang)
        assert len(prose.split()) >= SHARED_WORDS, (lines[0], english)  # translated words, not a copy of the English
        assert _english(prose, [], lang) == [], lines[0]


def test_bombs_are_several_gib_but_small_on_disk(tmp_path):
    """The generator really makes what the kinds claim: 4 GiB of content from a few MB on disk."""
    import gzip

    path = hostile.gzip_bomb_xes(tmp_path, gib=4.0)
    data = path.read_bytes()
    member = gzip.compress(b"x" * (64 << 20), compresslevel=9, mtime=0)
    assert len(data) < 8 << 20
    assert data.count(member) * (64 << 20) == 4 << 30  # 64 members of 64 MiB each
    with gzip.open(path, "rb") as handle:
        assert handle.read(100).startswith(hostile.XML.encode() + b"<log><!--xxx")


def test_bad_rows_are_quarantined_with_their_row_numbers(tmp_path):
    path = hostile.nul_bytes_csv(tmp_path)
    code, out, err, _, _ = run("validate", str(path), "--rejects", str(tmp_path / "rejects.csv"), cwd=tmp_path)
    assert code == 0, err
    with open(tmp_path / "rejects.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["source_row"] for r in rows] == ["52"]  # header row 1, 50 good rows, then the NUL row
    assert "NUL" in rows[0]["reason"]


@pytest.mark.parametrize("make", [hostile.long_quoted_field, hostile.nul_bytes_csv, hostile.quote_never_closed],
                         ids=lambda f: f.__name__)
def test_accepted_hostile_inputs_go_through_mining_scoring_and_rendering(make, tmp_path):
    path = make(tmp_path)
    code, out, err, seconds, peak = run("analyze", str(path), "--output", str(tmp_path / "out"), "--lang", "en", cwd=tmp_path)
    assert "internal error" not in err and "Traceback" not in err  # (English: the words a bug's line has)
    assert code in (0, 65), err
    if code == 0:
        assert (tmp_path / "out" / "report.html").stat().st_size > 0
    assert seconds < 30 and peak < PEAK_BYTES
