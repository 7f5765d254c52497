# SPDX-License-Identifier: AGPL-3.0-or-later
"""Chunked ingest's spill files under a hostile environment (other users, a kill): masked before they
touch the disk, in a 0700 folder, removed on exit and swept at the next start; no key shipped to
workers that do not need it."""
from __future__ import annotations

import os
import pickle
import signal
import stat
import subprocess
import sys
import textwrap

import pyarrow.parquet as pq

from rpa_finder.ingest.chunked import SPILL_PREFIX, load_partition, remove_stale_spills, spill_partitions
from rpa_finder.read_options import ReadOptions

CODE = "131052-308T"  # a valid Finnish identity code (the documentation's example)


def _export(folder) -> os.PathLike:
    path = folder / "hakemukset.csv"
    rows = [f"A{i};Kirjaa;2024-01-{1 + i % 28:02d} 10:00;Liisa;Hakija {CODE} soitti" for i in range(300)]
    path.write_text("Asianumero;Toimenpide;Aikaleima;Käsittelijä;Huomio\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_spill_files_hold_no_identity_code_and_live_in_a_private_folder(tmp_path):
    spilled = spill_partitions(_export(tmp_path), ReadOptions(key="k"), n_partitions=3, workdir=tmp_path)
    try:
        assert stat.S_IMODE(spilled.workdir.stat().st_mode) == 0o700
        raw = b"".join(p.read_bytes() for p in spilled.paths)
        texts = [v for p in spilled.paths for v in pq.read_table(p).column("Huomio").to_pylist()]
        assert CODE.encode() not in raw and len(texts) == 300
        assert all(CODE not in t and "HETU-" in t for t in texts)
        assert spilled.details["identity_codes_masked_in"] == "Huomio"
        events = load_partition(spilled, 0).log.events
        assert events["Huomio"].str.contains("HETU-").all()  # the worker's result is masked alike
    finally:
        spilled.cleanup()
    assert not spilled.workdir.exists()


def test_workers_get_no_key_when_they_pseudonymise_nobody(tmp_path):
    secret = "the-organisations-stable-key-123"
    kept = spill_partitions(_export(tmp_path), ReadOptions(key=secret, pseudonymise_resources=False),
                            n_partitions=2, workdir=tmp_path)
    named = spill_partitions(_export(tmp_path), ReadOptions(key=secret), n_partitions=2, workdir=tmp_path)
    try:
        assert secret.encode() not in pickle.dumps(kept)  # what a Dask worker receives
        assert secret.encode() in pickle.dumps(named)  # pseudonyms of people need it
        a = load_partition(named, 0).log.events["Huomio"]
        b = load_partition(kept, 0).log.events["Huomio"]
        assert set(a) == set(b)  # the tokens were made with the real key before the spill
    finally:
        kept.cleanup()
        named.cleanup()


def test_a_killed_runs_spill_folder_is_removed_by_the_next_run(tmp_path):
    script = textwrap.dedent(f"""
        import os, signal
        from rpa_finder.ingest.chunked import spill_partitions
        from rpa_finder.read_options import ReadOptions
        spilled = spill_partitions({str(_export(tmp_path))!r}, ReadOptions(key="k"), n_partitions=2,
                                   workdir={str(tmp_path)!r})
        print(spilled.workdir, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    left = tmp_path / os.path.basename(done.stdout.strip())
    assert left.is_dir() and left.name.startswith(SPILL_PREFIX)
    live = tmp_path / f"{SPILL_PREFIX}{os.getpid()}_running"  # a live run's folder is left alone
    live.mkdir()
    spilled = spill_partitions(_export(tmp_path), ReadOptions(key="k"), n_partitions=2, workdir=tmp_path)
    spilled.cleanup()
    assert not left.exists() and live.is_dir()
    assert remove_stale_spills(tmp_path) == []
