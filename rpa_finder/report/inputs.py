# SPDX-License-Identifier: AGPL-3.0-or-later
"""The report's inputs: a results folder written by ``rpa-finder analyze`` read back (so a report is
re-rendered without recomputing), or the same files still in memory (:func:`results_from_files`).

(Named apart from :mod:`rpa_finder.output.results`, which *builds* those files.)

Only ``summary.json`` and ``candidates.json`` are required; the other files add sections when present
(``history.json``, written by ``rpa-finder run``, adds the History section and is checked against its
schema).  A folder without them is not ours (exit 66 with a one-line hint); a file that is there but is
not the JSON we wrote is bad data (exit 65).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import BadDataError, InputMissingError, Message

__all__ = ["Results", "load_results", "results_from_files", "REQUIRED", "OPTIONAL"]

REQUIRED = ("summary.json", "candidates.json")
OPTIONAL = ("mining.json", "validation.json", "settings.json", "history.json")
MAP = "process_map.svg"
#: A map larger than this is left out rather than inlined (the report must stay readable).
MAX_MAP_BYTES = 20_000_000


@dataclass(frozen=True)
class Results:
    """What an analysis left in its folder (or holds in memory), as plain JSON data."""

    #: The results folder read; None for results built in memory (:func:`results_from_files`).
    folder: Path | None
    summary: dict
    candidates: list[dict]
    mining: dict | None
    validation: dict | None
    settings: dict | None
    process_map: bytes | None
    #: The runs of a scheduled job up to this one (``history.json``); None for ``analyze`` results.
    history: dict | None = None


def _read_json(path: Path, expected: type) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputMissingError(Message("cannot read ({reason})", reason=exc.strerror), file=path,
                                fix="check the permissions") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = Message("line {line}", line=exc.lineno) if isinstance(exc, json.JSONDecodeError) else None
        raise BadDataError("is not valid UTF-8 JSON", file=path, where=where,
                           fix="rerun rpa-finder analyze to write the results again") from None
    if not isinstance(data, expected):
        kind = type(data).__name__
        raise BadDataError(Message("holds a {kind}, expected a JSON object", kind=kind) if expected is dict
                           else Message("holds a {kind}, expected a JSON list", kind=kind),
                           file=path, fix="rerun rpa-finder analyze to write the results again")
    return data


def load_results(folder: str | Path) -> Results:
    """Read the JSON results (and the map) from ``folder``; raise InputMissingError when it is not one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputMissingError("is a file, not a results folder" if folder.exists() else "does not exist", file=folder,
                                fix="give the folder that rpa-finder analyze wrote (its -o)")
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise InputMissingError(Message("is not an rpa-finder results folder (missing: {files})", files=", ".join(missing)),
                                file=folder,
                                fix="run rpa-finder analyze LOG -o FOLDER first, then report FOLDER")
    summary = _read_json(folder / "summary.json", dict)
    if not isinstance(summary.get("processes"), list):
        raise BadDataError("has no 'processes' list", file=folder / "summary.json",
                           fix="rerun rpa-finder analyze to write the results again")
    candidates = _read_json(folder / "candidates.json", list)
    if not all(isinstance(row, dict) for row in candidates):
        raise BadDataError("holds rows that are not objects", file=folder / "candidates.json",
                           fix="rerun rpa-finder analyze to write the results again")
    optional = {name: _read_json(folder / name, dict) if (folder / name).is_file() else None for name in OPTIONAL}
    if optional["history.json"] is not None:
        _check_history(folder / "history.json", optional["history.json"])
    map_path = folder / MAP
    process_map = None
    if map_path.is_file() and map_path.stat().st_size <= MAX_MAP_BYTES:
        try:
            process_map = map_path.read_bytes()
        except OSError:
            process_map = None
    return Results(folder=folder, summary=summary, candidates=candidates, mining=optional["mining.json"],
                   validation=optional["validation.json"], settings=optional["settings.json"], process_map=process_map,
                   history=optional["history.json"])


def results_from_files(files: Mapping[str, Any]) -> Results:
    """The report's input from the results folder's files still in memory (name -> JSON data or bytes).

    Takes the same top-level files :func:`load_results` reads from disk, passed through the JSON
    encoder the folder writer uses, so a report rendered in memory equals one rendered from the folder.
    """
    def data(name: str) -> Any:
        value = files.get(name)
        return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))

    missing = [name for name in REQUIRED if name not in files]
    if missing:
        raise ValueError(f"results without {' or '.join(missing)}")
    process_map = files.get(MAP)
    if isinstance(process_map, str):
        process_map = process_map.encode("utf-8")
    if process_map is not None and len(process_map) > MAX_MAP_BYTES:
        process_map = None
    return Results(folder=None, summary=data("summary.json"), candidates=data("candidates.json"),
                   mining=data("mining.json"), validation=data("validation.json"), settings=data("settings.json"),
                   process_map=process_map, history=data("history.json"))


def _check_history(path: Path, data: dict) -> None:
    from ..output.schema import check_document

    problems = check_document(data, "history")
    if problems:
        what = (Message("does not follow history.schema.json: {problem} (and {more} more)", problem=problems[0],
                        more=len(problems) - 1) if len(problems) > 1
                else Message("does not follow history.schema.json: {problem}", problem=problems[0]))
        raise BadDataError(what, file=path,
                           fix="run the job again, or delete history.json to render the report without history")
