# SPDX-License-Identifier: AGPL-3.0-or-later
"""Aligning activities across organisations: which steps are "the same step" in every municipality.

Three sources, strongest first:

1. ``user``: a mapping file (organisation, activity, shared_activity) the user wrote or confirmed;
   every row in it wins.  A blank shared_activity keeps the activity on its own.
2. ``exact``: the same activity name or code in two or more organisations (BPIC15's ``01_HOOFD_010``).
3. ``suggested``: for activities still alone, the most similar label in another organisation, by
   token-set similarity of normalised labels (accents folded, punctuation and numbers stripped, a small
   fi/sv/en/nl synonym table for municipal verbs and nouns, compounds split on known stems), one to one,
   above ``min_confidence``.  Suggestions are used in the comparison and listed for the user to confirm.

Activities that stay alone get method ``unmatched``.  Labels (not codes) are compared: where activity
names are codes, the feature table's ``label`` column carries the readable name.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from ..errors import ConfigError, InputMissingError, Message

__all__ = ["AlignSettings", "normalise_label", "label_tokens", "label_similarity", "align_activities",
           "read_activity_map", "ACTIVITY_MAP_COLUMNS", "SYNONYMS"]

ACTIVITY_MAP_COLUMNS = ("organisation", "activity", "label", "shared_activity", "method", "confidence")

#: Concept -> folded stems in Finnish, Swedish, English and Dutch.  A stem of four or more letters is
#: found anywhere in a word (compounds: "sijoituspäätös" holds "paatos"); shorter ones only at its start.
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "send": ("lahet", "skick", "send", "sent", "verzend", "verstu"),
    "record": ("kirjaa", "kirjau", "kirjat", "regist", "record"),
    "check": ("tarkist", "kontroll", "check", "verif", "granska", "controle"),
    "approve": ("hyvaksy", "godkan", "approv", "goedkeur"),
    "decision": ("paatos", "paatok", "paata", "beslut", "decision", "decide", "besluit"),
    "archive": ("arkist", "arkiv", "archiv"),
    "invoice": ("lasku", "faktur", "invoic", "factu"),
    "receive": ("vastaanot", "mottag", "receiv", "ontvang"),
    "application": ("hakemu", "ansok", "applica", "aanvra"),
    "pay": ("maksa", "betal", "pay"),
    "fee": ("maksu", "avgift", "fee", "leges"),
    "request": ("pyyda", "pyynto", "begar", "request", "verzoek"),
    "supplement": ("taydenn", "komplett", "supplement", "aanvull"),
    "remind": ("muistut", "paminn", "remind", "herinner"),
    "publish": ("julkais", "publicer", "publish", "publicat"),
    "announce": ("kuulut", "kungor", "announc", "notif"),
    "calculate": ("laske", "berakn", "calculat", "comput", "bereken"),
    "scan": ("skann", "scan"),
    "post": ("tilioi", "konter"),
    "match": ("tasmay", "matcha", "match", "reconcil"),
    "attachment": ("liite", "liitte", "bilag", "attach", "bijlage"),
    "additional": ("lisa", "tillagg", "additional", "extra"),
    "information": ("tieto", "tiedo", "uppgift", "informat", "gegeven"),
    "order": ("tilau", "order", "bestall"),
    "purchase": ("osto", "inkop", "purchas"),
    "neighbour": ("naapur", "grann", "neighbo"),
    "permit": ("lupa", "luvan", "tillstand", "bygglov", "permit", "vergunning"),
    "client": ("asiaka", "klient", "client", "customer"),
    "inspect": ("katselm", "besikt", "inspect", "inspekt"),
    "assess": ("arvioi", "arvio", "bedom", "assess", "evaluat", "beoordel"),
    "placement": ("sijoitu", "placer", "placement", "plaats"),
    "drawing": ("piirustu", "ritning", "drawing", "tekening"),
}
#: Phrases folded to one word before splitting ("ta emot" is one verb in Swedish).
PHRASES = {"ta emot": "mottag", "tar emot": "mottag"}
#: Words that carry no meaning for matching (articles, prepositions, light verbs).
STOPWORDS = frozenset({
    "the", "a", "an", "of", "to", "for", "and", "or", "in", "on", "at", "by", "with", "from", "make",
    "och", "av", "till", "for", "pa", "en", "ett", "i", "om", "med", "mot", "gor", "fatta",
    "ja", "tai", "tee", "sekä",
    "de", "het", "een", "van", "en", "op", "voor", "met",
})
_STEMS = sorted(((stem, concept) for concept, stems in SYNONYMS.items() for stem in stems),
                key=lambda item: -len(item[0]))
_NOT_LETTERS = re.compile(r"[^a-z]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class AlignSettings:
    #: Suggested matches below this confidence are not used (the activity stays unmatched).
    min_confidence: float = 0.7
    #: Two words that are not synonyms count as the same word from this spelling similarity.
    min_word_similarity: float = 0.8


def normalise_label(text: object) -> str:
    """Lower-case, accents folded (ä -> a), punctuation and numbers dropped, single spaces."""
    folded = unicodedata.normalize("NFKD", str(text).casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = " ".join(_NOT_LETTERS.sub(" ", folded).split())
    for phrase, word in PHRASES.items():
        folded = re.sub(rf"\b{phrase}\b", word, folded)
    return folded


def _split_word(word: str, keep_rest: bool = True) -> list[str]:
    """A word as concepts ("@decision") found by known stems, plus a leading compound part.

    What follows a stem is an inflection ("laskun", "fakturans") unless it holds another stem, so it is
    dropped; what precedes one is a compound part ("osto" in "ostotilaus") and kept when it is a word.
    """
    for stem, concept in _STEMS:
        if len(stem) < 4:
            if word.startswith(stem) and len(word) <= len(stem) + 4:
                return [f"@{concept}"]
            continue
        at = word.find(stem)
        if at >= 0:
            return [*_split_word(word[:at], keep_rest), f"@{concept}", *_split_word(word[at + len(stem):], False)]
    if keep_rest and len(word) >= 4 and word not in STOPWORDS:
        return [word]
    return []


@lru_cache(maxsize=65536)
def label_tokens(text: str) -> tuple[str, ...]:
    """The label's meaningful tokens: synonym concepts (``@send``) and other words, in order."""
    words = [w for w in normalise_label(text).split() if w not in STOPWORDS]
    tokens = [t for w in words for t in _split_word(w)]
    if not tokens:  # a label of short words only: keep them as they are
        tokens = words
    return tuple(tokens)


@lru_cache(maxsize=262144)
def _word_similarity(a: str, b: str, floor: float) -> float:
    if a == b:
        return 1.0
    if a.startswith("@") or b.startswith("@") or a[:3] != b[:3]:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= floor else 0.0


def label_similarity(a: str, b: str, settings: AlignSettings = AlignSettings()) -> float:
    """Token-multiset similarity in [0, 1]: 2 x matched tokens / (tokens of a + tokens of b).

    >>> label_similarity("Lähetä päätös", "Skicka beslut")
    1.0
    """
    ta, tb = label_tokens(str(a)), label_tokens(str(b))
    if not ta or not tb:
        return 0.0
    pairs = sorted(((_word_similarity(x, y, settings.min_word_similarity), i, j)
                    for i, x in enumerate(ta) for j, y in enumerate(tb)), reverse=True)
    used_a, used_b, total = set(), set(), 0.0
    for score, i, j in pairs:
        if score <= 0:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        total += score
    score = 2 * total / (len(ta) + len(tb))
    numbers_a, numbers_b = _DIGITS.findall(str(a)), _DIGITS.findall(str(b))
    if numbers_a and numbers_b and numbers_a != numbers_b:  # "art. 34" is not "art. 35"
        score *= 0.6
    return round(score, 3)


def read_activity_map(path: str | Path, organisations: Sequence[str]) -> pd.DataFrame:
    """The user's mapping file (CSV: organisation, activity, shared_activity; other columns ignored)."""
    path = Path(path)
    if not path.is_file():
        raise InputMissingError("activity map not found", file=path, fix="check the --activity-map path")
    try:
        frame = pd.read_csv(path, dtype="str", keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ConfigError(Message("cannot read the activity map ({kind})", kind=exc.__class__.__name__), file=path,
                          fix="save it as UTF-8 CSV with columns organisation, activity, shared_activity") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("organisation", "activity", "shared_activity") if c not in frame.columns]
    if missing:
        raise ConfigError(Message("missing column(s) {missing}; the columns are {columns}", missing=", ".join(missing),
                                  columns=", ".join(frame.columns)),
                          file=path, fix="use the activity_map.csv an earlier compare run wrote")
    frame = frame[["organisation", "activity", "shared_activity"]].apply(lambda column: column.str.strip())
    frame["activity"] = frame["activity"].str.removeprefix("'")  # written inert by an earlier run
    frame["shared_activity"] = frame["shared_activity"].str.removeprefix("'")
    unknown = sorted(set(frame["organisation"]) - set(organisations))
    if unknown:
        raise ConfigError(Message("unknown organisation {organisation!r}", organisation=unknown[0]), file=path,
                          where=Message("column {column}", column="organisation"),
                          fix=Message("organisations in this run are {names} (set them with --names)",
                                      names=", ".join(organisations)))
    duplicated = frame.duplicated(["organisation", "activity"], keep=False)
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        raise ConfigError(Message("activity {activity!r} of {organisation} is mapped twice", activity=row["activity"],
                                  organisation=row["organisation"]), file=path,
                          where=Message("row {row}", row=int(frame.index[duplicated][0]) + 2), fix="keep one row per activity")
    frame.loc[frame["shared_activity"] == "", "shared_activity"] = frame["activity"]
    return frame.reset_index(drop=True)


def _suggest(rows: pd.DataFrame, order: Sequence[str], settings: AlignSettings) -> None:
    """Attach lone activities to the most similar group lacking their organisation (in place)."""
    for org in order:
        groups = rows.groupby("shared_activity", sort=False)["organisation"].agg(set)
        alone = rows.index[(rows["organisation"] == org) & (rows["method"] == "pending")
                           & rows["shared_activity"].map(lambda key: len(groups[key]) == 1)]
        targets = [key for key, orgs in groups.items() if org not in orgs]
        if not len(alone) or not targets:
            continue
        labels = rows.groupby("shared_activity", sort=False)["label"].agg(list)
        index: dict[str, set[str]] = {}
        for key in targets:
            for label in labels[key]:
                for token in label_tokens(label):
                    index.setdefault(token if token.startswith("@") else token[:3], set()).add(key)
        pairs = []
        for row in alone:
            label = rows.at[row, "label"]
            near = set().union(*[index.get(t if t.startswith("@") else t[:3], set()) for t in label_tokens(label)])
            for key in near:
                score = max(label_similarity(label, other, settings) for other in labels[key])
                if score >= settings.min_confidence:
                    tie = SequenceMatcher(None, normalise_label(label), normalise_label(labels[key][0])).ratio()
                    pairs.append((score, tie, str(key), row))
        taken_rows, taken_keys = set(), set()
        for score, _, key, row in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2], p[3])):
            if row in taken_rows or key in taken_keys:
                continue
            taken_rows.add(row)
            taken_keys.add(key)
            partners = rows.index[(rows["shared_activity"] == key) & (rows["method"] == "pending")]
            rows.loc[[row, *partners], ["shared_activity", "method", "confidence"]] = [key, "suggested", score]


def align_activities(activities: Mapping[str, pd.Series], user_map: pd.DataFrame | None = None,
                     settings: AlignSettings = AlignSettings()) -> pd.DataFrame:
    """One row per (organisation, activity): its shared activity, how it was aligned and how sure.

    ``activities``: organisation name -> Series of readable labels indexed by activity name or code
    (the feature table's ``label``), in the order the organisations were given.
    Returns :data:`ACTIVITY_MAP_COLUMNS`; confidence is 1 for user and exact, NaN for unmatched.

    >>> align_activities({"A": pd.Series({"Kirjaa lasku": "Kirjaa lasku"}),
    ...                   "B": pd.Series({"Registrera faktura": "Registrera faktura"})})["shared_activity"].tolist()
    ['Kirjaa lasku', 'Kirjaa lasku']
    """
    order = list(activities)
    rows = pd.DataFrame([(org, str(act), str(label)) for org, labels in activities.items()
                         for act, label in labels.items()], columns=["organisation", "activity", "label"])
    rows["shared_activity"] = rows["activity"]
    rows["method"] = "pending"
    rows["confidence"] = float("nan")
    if user_map is not None and len(user_map):
        keyed = user_map.set_index(["organisation", "activity"])["shared_activity"]
        found = pd.MultiIndex.from_frame(rows[["organisation", "activity"]]).isin(keyed.index)
        mapped = rows.loc[found, ["organisation", "activity"]].apply(tuple, axis=1).map(keyed)
        rows.loc[found, "shared_activity"] = mapped.to_numpy()
        rows.loc[found, ["method", "confidence"]] = ["user", 1.0]
    orgs_per_key = rows.groupby("shared_activity")["organisation"].transform("nunique")
    exact = (rows["method"] == "pending") & (orgs_per_key > 1)
    rows.loc[exact, ["method", "confidence"]] = ["exact", 1.0]
    _suggest(rows, order, settings)
    rows.loc[rows["method"] == "pending", "method"] = "unmatched"
    rank = {org: i for i, org in enumerate(order)}
    # a group made by suggestions only is named after the activity of the first organisation in it
    all_suggested = rows.groupby("shared_activity")["method"].agg(lambda methods: bool((methods == "suggested").all()))
    suggested = rows[rows["shared_activity"].map(all_suggested)]
    rename = (suggested.assign(_org=suggested["organisation"].map(rank)).sort_values(["_org", "activity"])
              .drop_duplicates("shared_activity").set_index("shared_activity")["activity"])
    rows["shared_activity"] = rows["shared_activity"].map(lambda key: rename.get(key, key))
    rows = rows.assign(_org=rows["organisation"].map(rank)).sort_values(["shared_activity", "_org", "activity"])
    return rows.drop(columns="_org").reset_index(drop=True)[list(ACTIVITY_MAP_COLUMNS)]
