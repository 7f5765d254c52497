# SPDX-License-Identifier: AGPL-3.0-or-later
"""The CLI's own lines around an error (its prefix, an interruption, a bug) in Finnish and Swedish."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "rpa-finder: error: {message}": {"fi": "rpa-finder: virhe: {message}", "sv": "rpa-finder: fel: {message}"},
    "...[{count} characters]...": {"fi": "...[{count} merkkiä]...", "sv": "...[{count} tecken]..."},
    "rpa-finder: aborted": {"fi": "rpa-finder: keskeytetty", "sv": "rpa-finder: avbrutet"},
    "rpa-finder: interrupted": {"fi": "rpa-finder: keskeytetty", "sv": "rpa-finder: avbrutet"},
    "rpa-finder: internal error (a bug; please report it): {kind}: {message}; rerun with RPA_FINDER_DEBUG=1 for a traceback": {
        "fi": "rpa-finder: sisäinen virhe (ohjelmavirhe; ilmoitathan siitä): {kind}: {message}; "
              "aja uudelleen ympäristömuuttujalla RPA_FINDER_DEBUG=1, niin näet jäljityksen",
        "sv": "rpa-finder: internt fel (ett programfel; rapportera det): {kind}: {message}; "
              "kör igen med RPA_FINDER_DEBUG=1 för att se en spårning",
    },
}
