# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which column plays which role, recognised from headers written in Finnish, Swedish or English.

Every tabular reader (CSV/TSV, Excel, Parquet) calls :func:`resolve_roles`, so one synonym table decides
for all formats.  Matching ignores case, accents and the separators ``_ - . space``; an explicit column
given by the user always wins over recognition.
"""
from __future__ import annotations

import re
import unicodedata
from typing import MutableMapping

from ..errors import BadDataError, Message, UsageError
from ..read_options import ROLES

__all__ = ["MAX_COLUMNS", "ROLE_SYNONYMS", "REQUIRED_ROLES", "ROLE_NAMES", "normalize_header", "clean_headers",
           "resolve_roles"]

#: Role -> header names that mean it, best first: when two columns match one role, the earlier synonym
#: wins.  Declarative on purpose: it also feeds the documentation of the mapping flags.
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "case": (
        "case:concept:name", "case id", "caseid", "case", "case number",
        "asianumero", "asiatunnus", "diaarinumero", "diaarinro", "asian numero", "tapausnumero", "tapaus",
        "ärendenummer", "ärende id", "diarienummer", "ärende",
    ),
    "activity": (
        "concept:name", "activity", "activity name", "task",
        "toimenpide", "tehtävä", "tapahtuma", "vaihe", "toiminto",
        "åtgärd", "aktivitet", "händelse",
    ),
    "timestamp": (
        "time:timestamp", "timestamp", "complete timestamp", "end timestamp", "end time", "completion time",
        "aikaleima", "tapahtuma-aika", "tapahtumaaika", "kirjausaika", "päivämäärä", "pvm", "aika",
        "tidsstämpel", "tidpunkt", "datum", "date", "time",
    ),
    "resource": (
        "org:resource", "resource", "user", "user id", "performer",
        "käsittelijä", "tekijä", "käyttäjä", "suorittaja",
        "handläggare", "användare", "utförare",
    ),
    "lifecycle": (
        "lifecycle:transition", "lifecycle", "lifecycle transition", "transition",
        "elinkaari", "elinkaaren vaihe", "livscykel",
    ),
    "start_timestamp": (
        "start_timestamp", "start timestamp", "start time", "starttime",
        "aloitusaika", "alkuaika", "aloitusaikaleima",
        "starttid", "startid",
    ),
}

#: Columns (or XES attribute keys) read at most.  Real exports have tens, rarely hundreds; every column
#: costs a few milliseconds of per-column work, so a 30,000-column file would take minutes.
MAX_COLUMNS = 1000

#: Roles an event log cannot do without.
REQUIRED_ROLES = ("case", "activity", "timestamp")

#: Each role as an error message names it ("no case column recognised"), so that it is translated with
#: the message: the Finnish is a genitive ("asian saraketta ei tunnistettu"), the Swedish follows "för".
ROLE_NAMES: dict[str, Message] = {
    "case": Message("case"),
    "activity": Message("activity"),
    "timestamp": Message("timestamp"),
    "resource": Message("resource"),
    "lifecycle": Message("lifecycle"),
    "start_timestamp": Message("start_timestamp"),
}

_SEPARATORS = re.compile(r"[\s_\-.]+")
_DATA_LIKE = re.compile(r"^[+-]?\d+([.,:/ T-]\d+)*([.,]\d+)?(Z|[+-]\d\d:?\d\d)?$")


def normalize_header(name: str) -> str:
    """Compare headers without case, accents or separator differences ("Käsittelijä" == "kasittelija")."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", plain.casefold()).strip()


_PRIORITY: dict[str, tuple[str, int]] = {}
for _role, _names in ROLE_SYNONYMS.items():
    for _rank, _name in enumerate(_names):
        _key = normalize_header(_name)
        if _PRIORITY.get(_key, (_role,))[0] != _role:
            raise AssertionError(f"synonym {_name!r} is listed for two roles")
        _PRIORITY.setdefault(_key, (_role, _rank))


def clean_headers(names: list[object]) -> list[str]:
    """Header cells as usable, unique column names: trimmed, blanks named by position, repeats numbered."""
    cleaned: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        text = "" if name is None else " ".join(str(name).split())
        text = text or f"column {position}"
        unique, copy = text, 2
        while unique in seen:
            unique, copy = f"{text} ({copy})", copy + 1
        seen.add(unique)
        cleaned.append(unique)
    return cleaned


def _flag(role: str) -> str:
    return "--" + role.replace("_", "-")


def _list_columns(columns: list[str], limit: int = 40) -> "str | Message":
    shown = ", ".join(columns[:limit])
    if len(columns) <= limit:
        return shown
    return Message("{columns}, ... ({more} more)", columns=shown, more=len(columns) - limit)


def _find_given(role: str, column: str, columns: list[str], file: str) -> str:
    if column in columns:
        return column
    loose = [c for c in columns if normalize_header(c) == normalize_header(column)]
    if len(loose) == 1:
        return loose[0]
    raise UsageError(
        Message("column {column!r} given for {role} not found; columns are {columns}", column=column,
                role=ROLE_NAMES[role], columns=_list_columns(columns)),
        file=file, fix=Message("pass {option} with one of these names", option=_flag(role)),
    )


def resolve_roles(columns: list[str], given: dict[str, str], *, file: str,
                  notes: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Role -> column: explicit choices first, then recognised headers; ``notes`` learns how each was found.

    >>> resolve_roles(["Asianumero", "Toimenpide", "Aikaleima", "Summa"], {}, file="x.csv")
    {'case': 'Asianumero', 'activity': 'Toimenpide', 'timestamp': 'Aikaleima'}
    """
    columns = [str(c) for c in columns]
    if len(columns) > MAX_COLUMNS:
        raise BadDataError(Message("{count} columns, more than the {limit} an event log export can have",
                                   count=len(columns), limit=MAX_COLUMNS),
                           file=file, where="header row", fix="export only the columns the analysis needs")
    notes = {} if notes is None else notes
    roles: dict[str, str] = {}
    for role, column in given.items():
        if role not in ROLES:
            raise UsageError(Message("unknown role {role!r}", role=role), file=file,
                             fix=Message("roles are {roles}", roles=", ".join(ROLES)))
        found = _find_given(role, column, columns, file)
        other = next((r for r, c in roles.items() if c == found), None)
        if other:
            raise UsageError(Message("column {column!r} is given for both {other} and {role}", column=found,
                                     other=ROLE_NAMES[other], role=ROLE_NAMES[role]), file=file,
                             fix=Message("pass a different column to {option}", option=_flag(role)))
        roles[role] = found
        notes[f"{role}_column"] = f"{found} (given)"
    taken = set(roles.values())
    candidates: dict[str, list[tuple[int, str]]] = {}
    for column in columns:
        match = _PRIORITY.get(normalize_header(column))
        if match and column not in taken:
            candidates.setdefault(match[0], []).append((match[1], column))
    for role in ROLES:
        if role in roles or role not in candidates:
            continue
        ranked = sorted(candidates[role], key=lambda item: item[0])  # stable: file order breaks ties
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            raise BadDataError(
                Message("columns {first!r} and {second!r} could both be the {role} column", first=ranked[0][1],
                        second=ranked[1][1], role=ROLE_NAMES[role]),
                file=file, fix=Message("pass {option} COLUMN to choose", option=_flag(role)),
            )
        roles[role] = ranked[0][1]
        others = ", ".join(c for _, c in ranked[1:])
        notes[f"{role}_column"] = f"{ranked[0][1]} (recognised" + (f"; preferred over {others})" if others else ")")
    missing = [r for r in REQUIRED_ROLES if r not in roles]
    if missing:
        role = missing[0]
        if not candidates and not given and any(_DATA_LIKE.match(c.strip()) for c in columns):
            raise BadDataError("the first row looks like data, not column names", file=file,
                               fix="add a header row naming the columns (e.g. Asianumero;Toimenpide;Aikaleima)")
        raise BadDataError(Message("no {role} column recognised; columns are {columns}", role=ROLE_NAMES[role],
                                   columns=_list_columns(columns)), file=file,
                           fix=Message("pass {option} COLUMN", option=_flag(role)))
    return {role: roles[role] for role in ROLES if role in roles}
