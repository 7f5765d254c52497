# SPDX-License-Identifier: AGPL-3.0-or-later
"""Declarative definitions of three Finnish municipal processes, with the rules that generate them.

Each process is data: a case factory (visible attributes plus hidden ``_`` columns that never reach
the log) and a sequence of steps.  A step's ground-truth label follows from how it is generated:

* ``already_automated``: done by JÄRJESTELMÄ, ERÄAJO or ROBOTTI_01 at clock times, in seconds;
* ``automatable``: a person does it, but whether it happens is decided by logged attributes or a
  timer, and its handling is short and regular (2-8 minutes);
* ``judgment``: a hidden factor (a clerk's or manager's assessment) decides it, or its outcome is a
  discretionary decision; handling is long and variable (20-120 minutes);
* ``inside_work`` (only with ``Variant(status_events=True)``): a status change the case system records
  while a person's work item is open; no handling of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Literal

import numpy as np
import pandas as pd

__all__ = [
    "Step",
    "Loop",
    "Process",
    "PROCESSES",
    "SYSTEM_USERS",
    "CHECK_CHARS",
    "make_identity_codes",
]

Label = Literal["automatable", "judgment", "already_automated"]
Timing = Literal["office", "immediate", "night", "robot"]

#: Users that stand for software, not people: their steps are already automated.
SYSTEM_USERS = ("JÄRJESTELMÄ", "ERÄAJO", "ROBOTTI_01")
#: Check characters of the Finnish personal identity code (henkilötunnus), indexed by number % 31.
CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


@dataclass(frozen=True)
class Step:
    """One activity execution rule; the label and its reason are the ground truth."""

    activity: str
    label: Label
    why: str
    #: A literal system user, or a hidden case column (``_clerk``, ``_manager``...) naming the person.
    performer: str
    timing: Timing = "office"
    #: Handling time bounds in minutes: uniform for regular steps, clipped log-normal for judgment.
    minutes: tuple[float, float] = (2.0, 8.0)
    #: Mean queue wait in hours before the step can start (exponential).
    wait_hours: float = 0.0
    #: Hidden case column with an exact delay in days (e.g. the supplier's answer time).
    delay_column: str | None = None
    #: Exact timer in days after the case clock (a reminder, the end of a hearing period).
    timer_days: float | None = None
    #: Case column with a datetime before which the step cannot run (e.g. the due date).
    not_before: str | None = None
    #: Which cases do the step; ``None`` means every case that reaches it.
    when: Callable[[pd.DataFrame], np.ndarray] | None = None
    #: False for side events (reminders) that do not hold up the rest of the case.
    advance_clock: bool = True
    #: Clock times (hours) of the runs for ``night`` and ``robot`` timing; empty means the default.
    at: tuple[float, ...] = ()
    #: Free-text comment written on some rows; ``{hakija}`` is replaced by the applicant's code.
    comment: str | None = None
    #: The status change a case system records while this step's work item is open (complete-only,
    #: same case, same person); written only with ``Variant(status_events=True)``.
    status: str | None = None


@dataclass(frozen=True)
class Loop:
    """A block of steps repeated ``count`` times per case (a hidden or logged case column)."""

    count: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Process:
    """A whole process: how cases look, who works on them, and the steps in order."""

    name: str
    title: str
    case_prefix: str
    make_cases: Callable[[np.random.Generator, int, date], pd.DataFrame]
    nodes: tuple[Step | Loop, ...]
    #: Hidden case column -> the pool its people are drawn from (for occasional substitutes).
    pools: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The nightly batch step without a resource written with ``Variant(batch_without_resource=True)``.
    batch_activity: str = "Siirrä arkistoon"

    def steps(self) -> list[Step]:
        """Every step, loops flattened, in definition order."""
        flat: list[Step] = []
        for node in self.nodes:
            flat.extend(node.steps if isinstance(node, Loop) else (node,))
        return flat

    def truth(self) -> pd.DataFrame:
        """One row per activity: process, activity, label, why."""
        rows: dict[str, tuple[str, str]] = {}
        for step in self.steps():
            rows.setdefault(step.activity, (step.label, step.why))
        return pd.DataFrame(
            [(self.name, activity, label, why) for activity, (label, why) in rows.items()],
            columns=["process", "activity", "label", "why"],
        ).astype("str")


# --- synthetic people and identity codes -----------------------------------------------------------

def make_identity_codes(rng: np.random.Generator, n: int, born_from: int, born_to: int) -> np.ndarray:
    """Valid henkilötunnus codes with individual numbers 900-999, which are reserved for test use."""
    first = np.datetime64(f"{born_from}-01-01")
    span = (np.datetime64(f"{born_to}-12-31") - first).astype(int)
    birth = first + rng.integers(0, span + 1, n).astype("timedelta64[D]")
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    individual = rng.integers(900, 1000, n)
    number = days * 10_000_000 + months * 100_000 + (years % 100) * 1_000 + individual
    check = np.array(list(CHECK_CHARS))[number % 31]
    sign = np.where(years >= 2000, "A", "-")
    ddmmyy = pd.Series(number // 1000).astype("str").str.zfill(6)
    nnn = pd.Series(individual).astype("str")
    return (ddmmyy + pd.Series(sign) + nnn + pd.Series(check)).to_numpy(dtype=object)


def _arrivals(rng: np.random.Generator, n: int, start: date, days: int = 365) -> np.ndarray:
    """Arrival moments spread over a year, second resolution, sorted so case numbers follow time."""
    base = np.datetime64(start, "s")
    return np.sort(base + rng.integers(0, days * 86_400, n).astype("timedelta64[s]"))


def _pick(rng: np.random.Generator, options, n: int, p=None) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p)]


def _is(column: str, value) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda cases: (cases[column] == value).to_numpy()


# --- purchase invoices (ostolaskut) ------------------------------------------------------------------

_INVOICE_CLERKS = ("Virtanen Aino", "Korhonen Mikko", "Nieminen Liisa", "Mäkinen Juha", "Hämäläinen Sari")
_INVOICE_UNITS = {
    "Sivistystoimi": "Laine Pekka",
    "Tekninen toimi": "Heikkinen Tiina",
    "Sosiaali- ja terveystoimi": "Koskinen Anne",
    "Hallinto": "Järvinen Timo",
}
_SUPPLIERS = {  # name -> (share of its invoices with a purchase order, sole trader?)
    "Kuntahankinnat Oy": (0.95, False),
    "Lassila & Tikanoja Oyj": (0.9, False),
    "Rakennus Mäkelä Oy": (0.3, False),
    "Toimistotarvike Pohjola Oy": (0.8, False),
    "Sähkö-Lahtinen Ky": (0.2, False),
    "Siivouspalvelu Aalto Tmi": (0.1, True),
    "Ohjelmistotalo Kide Oy": (0.6, False),
    "Kuljetus Rantanen Tmi": (0.1, True),
}
INVOICE_LIMIT = 10_000.0


def _invoice_cases(rng: np.random.Generator, n: int, start: date) -> pd.DataFrame:
    arrival = _arrivals(rng, n, start)
    names = list(_SUPPLIERS)
    supplier = _pick(rng, names, n, p=[0.2, 0.15, 0.1, 0.15, 0.1, 0.1, 0.1, 0.1])
    po_share = np.array([_SUPPLIERS[s][0] for s in names])[pd.Index(names).get_indexer(supplier)]
    sole = np.array([_SUPPLIERS[s][1] for s in names])[pd.Index(names).get_indexer(supplier)]
    units = _pick(rng, list(_INVOICE_UNITS), n, p=[0.35, 0.3, 0.25, 0.1])
    invoice_day = (arrival.astype("datetime64[D]") - rng.integers(0, 4, n).astype("timedelta64[D]"))
    codes = make_identity_codes(rng, n, 1950, 1995)
    frame = pd.DataFrame({
        "Hakija": pd.Series(np.where(sole, codes, None), dtype="str"),
        "Toimittaja": pd.Series(supplier, dtype="str"),
        "Yksikkö": pd.Series(units, dtype="str"),
        "Summa": np.round(rng.lognormal(np.log(1200), 1.3, n), 2),
        "Ostotilaus": pd.Series(np.where(rng.random(n) < po_share, "Kyllä", "Ei"), dtype="str"),
        "Kanava": pd.Series(np.where(rng.random(n) < 0.2, "Paperilasku", "Verkkolasku"), dtype="str"),
        "Laskupäivä": invoice_day.astype("datetime64[s]"),
        "Eräpäivä": (invoice_day + np.timedelta64(21, "D")).astype("datetime64[s]"),
        "_arrival": arrival,
        "_clerk": _pick(rng, _INVOICE_CLERKS, n),
        "_manager": np.array([_INVOICE_UNITS[u] for u in _INVOICE_UNITS], dtype=object)[
            pd.Index(list(_INVOICE_UNITS)).get_indexer(units)],
        "_director": "Salminen Kaisa",
        # hidden: how often the clerk finds something to ask (her judgment of the invoice)
        "_questions": rng.choice([0, 1, 2], size=n, p=[0.8, 0.15, 0.05]),
        "_answer_days": rng.uniform(1, 10, n),
        "_approval_days": rng.exponential(2.5, n),
    })
    return frame


OSTOLASKUT = Process(
    name="ostolaskut",
    title="Ostolaskujen käsittely (purchase invoices)",
    case_prefix="OL",
    make_cases=_invoice_cases,
    pools={"_clerk": _INVOICE_CLERKS},
    batch_activity="Siirrä kirjanpitoon",
    nodes=(
        Step("Vastaanota lasku", "already_automated", "e-invoice operator interface; JÄRJESTELMÄ, seconds",
             "JÄRJESTELMÄ", "immediate", (0.0, 0.1)),
        Step("Skannaa lasku", "automatable", "only when Kanava = Paperilasku; 2-4 min, regular",
             "_clerk", "office", (2.0, 4.0), wait_hours=4, when=_is("Kanava", "Paperilasku")),
        Step("Tarkista laskun tiedot", "judgment", "clerk's assessment (hidden) decides follow-up questions; 20-120 min",
             "_clerk", "office", (20.0, 120.0), wait_hours=8, status="Lasku tarkastettavana"),
        Loop("_questions", (
            Step("Pyydä lisätietoja", "judgment", "asked only when the clerk's hidden assessment finds a problem",
                 "_clerk", "office", (20.0, 60.0), wait_hours=0.3,
                 comment="Soitettu toimittajalle, yhteyshenkilö {hakija}, pyydetty tilaajan tiedot"),
            Step("Tarkista laskun tiedot", "judgment", "clerk's assessment (hidden) decides follow-up questions; 20-120 min",
                 "_clerk", "office", (20.0, 120.0), delay_column="_answer_days"),
        )),
        Step("Täsmäytä ostotilaukseen", "already_automated", "exactly when Ostotilaus = Kyllä; ROBOTTI_01 at 07, 12, 17",
             "ROBOTTI_01", "robot", (0.5, 1.5), when=_is("Ostotilaus", "Kyllä")),
        Step("Kirjaa lasku", "automatable", "every invoice; 3-6 min, regular", "_clerk", "office", (3.0, 6.0), wait_hours=3,
             status="Lasku kirjattu"),
        Step("Tiliöi lasku", "automatable", "exactly when Ostotilaus = Ei; account follows Yksikkö; 4-8 min",
             "_clerk", "office", (4.0, 8.0), wait_hours=1, when=_is("Ostotilaus", "Ei")),
        Step("Lähetä muistutus hyväksyjälle", "already_automated", "timer: exactly 7 days unapproved; JÄRJESTELMÄ",
             "JÄRJESTELMÄ", "immediate", (0.0, 0.05), timer_days=7, advance_clock=False,
             when=lambda c: (c["_approval_days"] > 7).to_numpy()),
        Step("Hyväksy lasku", "judgment", "manager's approval decision; 20-90 min, variable",
             "_manager", "office", (20.0, 90.0), delay_column="_approval_days", status="Hyväksyntä kirjattu"),
        Step("Hyväksy lasku (2. hyväksyjä)", "judgment",
             f"occurs exactly when Summa > {INVOICE_LIMIT:.0f}, but the approval itself is a discretionary decision",
             "_director", "office", (20.0, 60.0), wait_hours=20,
             when=lambda c: (c["Summa"] > INVOICE_LIMIT).to_numpy()),
        Step("Maksa lasku", "already_automated", "ERÄAJO payment run at 02:00 on the due date (Eräpäivä) or next bank day",
             "ERÄAJO", "night", (0.0, 0.05), not_before="Eräpäivä"),
        Step("Arkistoi lasku", "automatable", "every paid invoice, next working day; 2-4 min, regular",
             "_clerk", "office", (2.0, 4.0), wait_hours=12),
    ),
)


# --- early-childhood-education applications (varhaiskasvatushakemus) -----------------------------------

_ECEC_CLERKS = ("Lehtonen Sanna", "Saarinen Jari", "Niemi Outi", "Heinonen Marja")
_ECEC_AREAS = {"Keskusta": "Rautio Helena", "Pohjoinen": "Kallio Petri", "Etelä": "Turunen Leena", "Itä": "Ahonen Veli"}
_ECEC_SPECIALISTS = ("Jokinen Riikka", "Lindroos Eva")


def _ecec_fee(income: np.ndarray, full_time: np.ndarray) -> np.ndarray:
    """A simplified client fee rule (EUR/month): 10.7 % of income over a limit, capped, part-time 60 %."""
    fee = np.clip((income - 3_874.0) * 0.107, 0.0, 311.0)
    fee = np.where(fee < 28.0, 0.0, fee)
    return np.round(np.where(full_time, fee, fee * 0.6), 2)


def _ecec_cases(rng: np.random.Generator, n: int, start: date) -> pd.DataFrame:
    areas = _pick(rng, list(_ECEC_AREAS), n, p=[0.3, 0.25, 0.25, 0.2])
    full_time = rng.random(n) < 0.7
    income = np.round(rng.lognormal(np.log(5200), 0.45, n), 2)
    complete = rng.random(n) < 0.72
    return pd.DataFrame({
        "Hakija": pd.Series(make_identity_codes(rng, n, 1975, 2002), dtype="str"),
        "Alue": pd.Series(areas, dtype="str"),
        "Lapsen ikä": rng.integers(0, 6, n).astype("int64"),
        "Palvelutarve": pd.Series(np.where(full_time, "Kokoaikainen", "Osa-aikainen"), dtype="str"),
        "Bruttotulot": income,
        "Asiakasmaksu": _ecec_fee(income, full_time),
        "Hakemus täydellinen": pd.Series(np.where(complete, "Kyllä", "Ei"), dtype="str"),
        "Kiireellinen": pd.Series(np.where(rng.random(n) < 0.15, "Kyllä", "Ei"), dtype="str"),
        "_arrival": _arrivals(rng, n, start),
        "_missing": (~complete).astype("int64"),
        "_clerk": _pick(rng, _ECEC_CLERKS, n),
        "_manager": np.array(list(_ECEC_AREAS.values()), dtype=object)[pd.Index(list(_ECEC_AREAS)).get_indexer(areas)],
        "_specialist": _pick(rng, _ECEC_SPECIALISTS, n),
        # hidden: the guardian's answer time, the child's support need, free places
        "_answer_days": rng.exponential(9.0, n) + 0.5,
        "_support": rng.random(n) < 0.15,
        "_placement_days": rng.exponential(6.0, n) + 1.0,
    })


VARHAISKASVATUS = Process(
    name="varhaiskasvatus",
    title="Varhaiskasvatushakemus (early-childhood-education application)",
    case_prefix="VAKA",
    make_cases=_ecec_cases,
    pools={"_clerk": _ECEC_CLERKS},
    nodes=(
        Step("Vastaanota hakemus", "already_automated", "e-service submission; JÄRJESTELMÄ, any hour",
             "JÄRJESTELMÄ", "immediate", (0.0, 0.05)),
        Step("Kirjaa hakemus", "already_automated", "ROBOTTI_01 registers new applications at 07, 12 and 17",
             "ROBOTTI_01", "robot", (0.5, 1.5)),
        Step("Tarkista liitteet", "automatable", "outcome is Hakemus täydellinen (logged); 3-6 min, regular",
             "_clerk", "office", (3.0, 6.0), wait_hours=16, status="Hakemus vastaanotettu"),
        Loop("_missing", (
            Step("Pyydä täydennystä", "automatable", "exactly when Hakemus täydellinen = Ei; 2-5 min, regular",
                 "_clerk", "office", (2.0, 5.0), wait_hours=0.2,
                 comment="Huoltajalle {hakija} lähetetty täydennyspyyntö: tuloselvitys puuttuu"),
            Step("Lähetä muistutus", "automatable", "timer: exactly 14 days after the request when no answer; 2-4 min",
                 "_clerk", "office", (2.0, 4.0), timer_days=14, advance_clock=False,
                 when=lambda c: (c["_answer_days"] > 14).to_numpy()),
            Step("Vastaanota täydennys", "already_automated", "e-service; JÄRJESTELMÄ when the guardian answers",
                 "JÄRJESTELMÄ", "immediate", (0.0, 0.05), delay_column="_answer_days"),
            Step("Tarkista liitteet", "automatable", "outcome is Hakemus täydellinen (logged); 3-6 min, regular",
                 "_clerk", "office", (3.0, 6.0), wait_hours=16),
        )),
        Step("Arvioi tuen tarve", "judgment", "special-needs assessment decided by a hidden factor; 30-120 min",
             "_specialist", "office", (30.0, 120.0), wait_hours=48, when=lambda c: c["_support"].to_numpy()),
        Step("Laske asiakasmaksu", "automatable", "fee follows Bruttotulot and Palvelutarve (logged); 3-7 min",
             "_clerk", "office", (3.0, 7.0), wait_hours=6),
        Step("Tee sijoituspäätös", "judgment", "placement decision depends on free places (hidden); 20-120 min",
             "_manager", "office", (20.0, 120.0), delay_column="_placement_days", status="Päätös kirjattu"),
        Step("Lähetä päätös", "automatable", "every decision is sent the same way; 2-5 min, regular",
             "_clerk", "office", (2.0, 5.0), wait_hours=3),
        Step("Arkistoi", "already_automated", "ERÄAJO archiving run at 01:30", "ERÄAJO", "night", (0.0, 0.05), at=(1.5,)),
    ),
)


# --- building permits (rakennuslupa) -----------------------------------------------------------------

_PERMIT_CLERKS = ("Mattila Kirsi", "Peltonen Antti", "Vainio Tuula")
_PERMIT_INSPECTORS = ("Hiltunen Markku", "Savolainen Päivi", "Leinonen Ari", "Karjalainen Jussi")
_BUILDING_TYPES = ("Omakotitalo", "Vapaa-ajan asunto", "Autotalli", "Rivitalo", "Liikerakennus")


def _permit_cases(rng: np.random.Generator, n: int, start: date) -> pd.DataFrame:
    kind = rng.choice(len(_BUILDING_TYPES), size=n, p=[0.4, 0.2, 0.2, 0.12, 0.08])
    area_scale = np.array([150.0, 80.0, 40.0, 600.0, 1500.0])[kind]
    floor_area = np.round(area_scale * rng.lognormal(0.0, 0.3, n), 1)
    return pd.DataFrame({
        "Hakija": pd.Series(make_identity_codes(rng, n, 1945, 1998), dtype="str"),
        "Rakennustyyppi": pd.Series(np.asarray(_BUILDING_TYPES, dtype=object)[kind], dtype="str"),
        "Kerrosala": floor_area,
        "Naapurit kuultu": pd.Series(np.where(rng.random(n) < 0.6, "Kyllä", "Ei"), dtype="str"),
        "Lupamaksu": np.round(250.0 + 4.5 * floor_area, 2),
        "_arrival": _arrivals(rng, n, start),
        "_clerk": _pick(rng, _PERMIT_CLERKS, n),
        "_inspector": _pick(rng, _PERMIT_INSPECTORS, n),
        "_manager": "Räsänen Olli",
        # hidden: drawing quality (rounds of corrections), the inspector's wish to see the site
        "_corrections": rng.choice([0, 1, 2], size=n, p=[0.6, 0.3, 0.1]),
        "_answer_days": rng.uniform(3, 20, n),
        "_site_visit": rng.random(n) < 0.35,
    })


RAKENNUSLUPA = Process(
    name="rakennuslupa",
    title="Rakennuslupa (building permit)",
    case_prefix="RL",
    make_cases=_permit_cases,
    pools={"_clerk": _PERMIT_CLERKS},
    batch_activity="Siirrä rakennusrekisteriin",
    nodes=(
        Step("Vastaanota lupahakemus", "already_automated", "Lupapiste interface; JÄRJESTELMÄ, any hour",
             "JÄRJESTELMÄ", "immediate", (0.0, 0.05)),
        Step("Kirjaa hakemus", "automatable", "every application; 3-7 min, regular", "_clerk", "office", (3.0, 7.0),
             wait_hours=12, status="Hakemus vastaanotettu"),
        Step("Tarkista pääpiirustukset", "judgment", "inspector's expert review (hidden quality); 30-120 min",
             "_inspector", "office", (30.0, 120.0), wait_hours=60),
        Loop("_corrections", (
            Step("Pyydä täydennystä", "judgment", "asked when the inspector's hidden assessment finds flaws; 20-60 min",
                 "_inspector", "office", (20.0, 60.0), wait_hours=0.5,
                 comment="Hakijalle {hakija} lähetetty täydennyspyyntö: julkisivupiirustus puuttuu"),
            Step("Vastaanota täydennys", "already_automated", "Lupapiste interface; JÄRJESTELMÄ when the applicant answers",
                 "JÄRJESTELMÄ", "immediate", (0.0, 0.05), delay_column="_answer_days"),
            Step("Tarkista pääpiirustukset", "judgment", "inspector's expert review (hidden quality); 30-120 min",
                 "_inspector", "office", (30.0, 120.0), wait_hours=30),
        )),
        Step("Kuuluta naapureille", "automatable", "exactly when Naapurit kuultu = Ei; 4-8 min, regular",
             "_clerk", "office", (4.0, 8.0), wait_hours=4, when=_is("Naapurit kuultu", "Ei")),
        Step("Sulje naapurikuuleminen", "automatable", "timer: exactly 14 days after the notice; 2-4 min",
             "_clerk", "office", (2.0, 4.0), timer_days=14, when=_is("Naapurit kuultu", "Ei")),
        Step("Katselmoi", "judgment", "site visit when the inspector judges it needed (hidden); 30-120 min",
             "_inspector", "office", (30.0, 120.0), wait_hours=72, when=lambda c: c["_site_visit"].to_numpy()),
        Step("Tee lupapäätös", "judgment", "discretionary permit decision; 30-120 min", "_manager", "office",
             (30.0, 120.0), wait_hours=80, status="Päätös kirjattu"),
        Step("Lähetä päätös", "automatable", "every decision is sent the same way; 2-5 min", "_clerk", "office",
             (2.0, 5.0), wait_hours=3),
        Step("Julkaise päätös", "already_automated", "ROBOTTI_01 publishes decisions at 07, 12 and 17",
             "ROBOTTI_01", "robot", (0.3, 1.0)),
        Step("Laskuta lupamaksu", "automatable", "fee follows Kerrosala (logged Lupamaksu); 3-6 min", "_clerk",
             "office", (3.0, 6.0), wait_hours=24),
        Step("Arkistoi", "already_automated", "ERÄAJO archiving run at 01:30", "ERÄAJO", "night", (0.0, 0.05), at=(1.5,)),
    ),
)

#: Process name -> definition; the names are what ``--process`` accepts.
PROCESSES: dict[str, Process] = {p.name: p for p in (OSTOLASKUT, VARHAISKASVATUS, RAKENNUSLUPA)}
