# SPDX-License-Identifier: AGPL-3.0-or-later
"""Error messages of the commands (the click shell) in Finnish and Swedish, keyed by their English template."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # analyze --baseline (rpa_finder/commands/analyze.py)
    "cannot read the baseline ({reason})": {
        "fi": "vertailupohjaa ei voi lukea ({reason})",
        "sv": "jämförelsebasen kan inte läsas ({reason})"},
    "not a fitted scorer ({reason})": {
        "fi": "tiedosto ei ole sovitettu pisteytysmalli ({reason})",
        "sv": "filen är ingen anpassad poängsättningsmodell ({reason})"},
    "give the scorer.json of an earlier analyze run": {
        "fi": "anna aiemman analyze-ajon scorer.json",
        "sv": "ange scorer.json från en tidigare analyze-körning"},
    # --baseline with [weights] (rpa_finder/commands/options.py)
    "--baseline scores with the weights the baseline was fitted with, so the config's [weights] would be ignored": {
        "fi": "--baseline pisteyttää niillä painoilla, joilla vertailupohja sovitettiin, joten asetustiedoston "
              "[weights] jätettäisiin huomiotta",
        "sv": "--baseline poängsätter med de vikter som jämförelsebasen anpassades med, så inställningsfilens "
              "[weights] skulle ignoreras"},
    "[weights]": {"fi": "[weights]", "sv": "[weights]"},
    "drop --baseline to use the config's weights, or remove [weights] from the config": {
        "fi": "jätä --baseline pois, niin asetustiedoston painot ovat käytössä, tai poista [weights] asetustiedostosta",
        "sv": "utelämna --baseline för att använda inställningsfilens vikter, eller ta bort [weights] ur inställningsfilen"},
}
