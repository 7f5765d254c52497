# SPDX-License-Identifier: AGPL-3.0-or-later
"""Identity codes are found, masked by keyed tokens and never leak; pseudonyms stay distinct."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import dataset
from rpa_finder import privacy
from rpa_finder.errors import ConfigError
from rpa_finder.privacy import (
    find_identity_codes,
    is_identity_code,
    mask_frame,
    mask_identity_codes,
    pseudonymise,
    resolve_key,
)

KEY = b"test-key-0123456789abcdef0123456"
OTHER_KEY = b"another-key-0123456789abcdef0123"
CHECKS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
         "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


def make_code(day: int, month: int, year: int, number: int, sign: str) -> str:
    """A code built from the published rule, independently of the module under test."""
    stem = f"{day:02d}{month:02d}{year % 100:02d}"
    return f"{stem}{sign}{number:03d}{CHECKS[int(stem + f'{number:03d}') % 31]}"


def token(code: str, key: bytes = KEY) -> str:
    return "HETU-" + hmac.new(key, code.upper().encode(), hashlib.sha256).hexdigest()[:12]


def oracle_codes(text: str) -> list[str]:
    """Every valid code in text, by brute force over 11-character windows with digit boundaries.

    Tokens are skipped as the module skips them: their hex may by chance read like a lower-case code.
    """
    text = re.sub(r"HETU-[0-9a-f]{12}", "#", text)
    found = []
    for i in range(len(text) - 10):
        window = text[i:i + 11]
        if (i and text[i - 1].isascii() and text[i - 1].isdigit()) or not re.fullmatch(
                r"[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]", window, re.IGNORECASE):
            continue
        if window[10].isdigit() and i + 11 < len(text) and text[i + 11] in "0123456789":
            continue
        sign, check = window[6].upper(), window[10].upper()
        if sign not in SIGNS or int(window[7:10]) < 2:
            continue
        try:
            dt.date(SIGNS[sign] + int(window[4:6]), int(window[2:4]), int(window[0:2]))
        except ValueError:
            continue
        if CHECKS[int(window[:6] + window[7:10]) % 31] == check:
            found.append(window)
    return found


# One valid code per century sign, including the 2023 signs.
CODES = [make_code(13, 10, SIGNS[s] + 52, 308, s) if s != "+" else make_code(1, 1, 1899, 2, s)
         for s in SIGNS]
CODES += [make_code(29, 2, 2000, 900, "A"), make_code(29, 2, 2024, 999, "F")]  # leap days, temporary ids


def test_published_example_and_every_century_sign_are_valid():
    assert is_identity_code("131052-308T")  # the example the Digital and Population Data Agency gives
    assert {code[6] for code in CODES} == set(SIGNS)
    for code in CODES:
        assert is_identity_code(code), code
        assert is_identity_code(code.lower()), code


@pytest.mark.parametrize("text", [
    "131052-308U",        # wrong check character
    "310299-1234",        # 31 February does not exist
    make_code(31, 2, 1999, 123, "-"),   # right checksum, impossible date
    make_code(29, 2, 1900, 123, "-"),   # 1900 was not a leap year
    make_code(1, 13, 1990, 123, "-"),   # month 13
    make_code(0, 1, 1990, 123, "-"),    # day 0
    make_code(1, 1, 1990, 1, "-"),      # individual numbers start at 002
    "131052G308T", "131052Z308T",       # not century signs
    "131052-308T ", "x131052-308T", "131052-308", "", "HETU-0123456789ab",
])
def test_invalid_codes_and_look_alikes_are_refused(text):
    assert not is_identity_code(text)


def test_codes_are_found_in_free_text_and_categoricals_but_look_alikes_are_not():
    values = pd.Series([f"Hakija {CODES[0]} soitti", "131052-308U", "puh. 040-1234567", None,
                        f"{CODES[3]}", "diaarinumero 2024-131052-3080", f"({CODES[7].lower()})"],
                       index=list("abcdefg"))
    expected = [True, False, False, False, True, False, True]
    assert find_identity_codes(values).tolist() == expected
    assert find_identity_codes(values).index.tolist() == list("abcdefg")
    assert find_identity_codes(values.astype("category")).tolist() == expected
    assert find_identity_codes(values.astype(object)).tolist() == expected


def test_a_code_inside_a_longer_number_is_not_a_code():
    digit_checked = next(c for c in (make_code(1, 1, 1990, n, "-") for n in range(2, 100)) if c[-1].isdigit())
    values = pd.Series([digit_checked, f"{digit_checked}5", f"7{digit_checked}", f"{digit_checked}x",
                        f"nro {CODES[1]}5"])  # a letter check character ends the code by itself
    assert find_identity_codes(values).tolist() == [True, False, False, True, True]


def test_masking_replaces_each_code_by_its_keyed_token_and_keeps_the_rest():
    values = pd.Series([f"Hakija {code} soitti" for code in CODES] + ["131052-308U", None],
                       index=range(100, 100 + len(CODES) + 2))
    masked, count = mask_identity_codes(values, KEY)
    assert count == len(CODES)
    assert masked.tolist()[:-2] == [f"Hakija {token(code)} soitti" for code in CODES]
    assert masked.iloc[-2] == "131052-308U"
    assert pd.isna(masked.iloc[-1])
    assert masked.dtype == values.dtype and masked.index.equals(values.index)
    again, _ = mask_identity_codes(values, KEY)
    other, _ = mask_identity_codes(values, OTHER_KEY)
    assert again.equals(masked)
    assert (other.iloc[:-2] != masked.iloc[:-2]).all()
    # masking is idempotent: tokens are never read as codes
    twice, count_twice = mask_identity_codes(masked, KEY)
    assert twice.equals(masked) and count_twice == 0


def test_spelling_variants_of_one_code_share_a_token():
    code = "131052-308T"
    values = pd.Series([code, code.lower(), "131052\u2013308T", f"{code}{code}"])
    masked, count = mask_identity_codes(values, KEY)
    assert count == 4
    assert masked.tolist() == [token(code)] * 3 + [token(code) * 2]


def test_long_keys_follow_the_hmac_standard():
    long_key = bytes(range(100))
    masked, _ = mask_identity_codes(pd.Series(["131052-308T"]), long_key)
    assert masked[0] == token("131052-308T", long_key)


def test_categorical_stays_categorical_and_merges_labels_that_become_equal():
    values = pd.Series(["131052-308T", "131052-308t", "Paper", None, "Paper"], dtype="category")
    masked, count = mask_identity_codes(values, KEY)
    assert isinstance(masked.dtype, pd.CategoricalDtype)
    assert count == 2
    assert masked.tolist()[:3] == [token("131052-308T"), token("131052-308T"), "Paper"]
    assert pd.isna(masked.iloc[3])
    assert sorted(masked.cat.categories) == sorted([token("131052-308T"), "Paper"])


def _all_text(frame: pd.DataFrame) -> list[str]:
    cells = [str(v) for v in frame.to_numpy().ravel()]
    return cells + [str(v) for v in frame.index] + [str(v) for v in frame.columns]


def test_mask_frame_leaves_no_raw_code_in_any_cell_or_index():
    n = len(CODES)
    frame = pd.DataFrame({
        "note": [f"soitto {c}, asia {CODES[(i + 1) % n]}" for i, c in enumerate(CODES)],
        "customer": pd.Categorical(CODES),
        "mixed": np.array([CODES[0], 7, None] + ["x"] * (n - 3), dtype=object),
        "amount": np.arange(n, dtype=float),
    }, index=pd.Index([f"case-{c}" for c in CODES], name="case_id"))
    before = frame.copy()
    masked, counts = mask_frame(frame, KEY)
    assert counts == {"note": n, "customer": n, "mixed": 1, "case_id": n}
    text = " ".join(_all_text(masked))
    for code in CODES:
        assert code not in text and code.lower() not in text
        assert token(code) in text
    assert not any(oracle_codes(cell) for cell in _all_text(masked))
    assert isinstance(masked["customer"].dtype, pd.CategoricalDtype)
    assert masked["mixed"].iloc[1] == 7 and pd.isna(masked["mixed"].iloc[2])
    assert (masked["amount"].to_numpy() == frame["amount"].to_numpy()).all()
    pd.testing.assert_frame_equal(frame, before)  # the input is not modified


def test_real_log_without_codes_is_unchanged_and_injected_codes_are_caught():
    path = dataset("receipt_wabo/receipt_WABO_CoSeLoG.csv.gz")
    frame = pd.read_csv(path, dtype="str")
    masked, counts = mask_frame(frame, KEY)
    assert set(counts) == set(frame.columns) and not any(counts.values())
    pd.testing.assert_frame_equal(masked, frame)

    rows = np.arange(0, len(frame), 97)
    injected = frame.copy()
    names = injected["concept:name"].to_numpy(dtype=object)
    names[rows] = [f"{name} (hakija {CODES[i % len(CODES)]})" for i, name in enumerate(names[rows])]
    injected["concept:name"] = pd.Series(names, dtype="str")
    injected["org:resource"] = injected["org:resource"].astype("category")
    masked, counts = mask_frame(injected, KEY)
    assert counts["concept:name"] == len(rows)
    assert sum(counts.values()) == len(rows)
    untouched = np.setdiff1d(np.arange(len(frame)), rows)
    assert masked["concept:name"].iloc[untouched].equals(frame["concept:name"].iloc[untouched])
    assert not masked["concept:name"].str.contains("hakija [0-9]{6}", regex=True).any()
    assert isinstance(masked["org:resource"].dtype, pd.CategoricalDtype)


text_strategy = st.text(alphabet="abcäö XYZ0123456789-+.,:;/()\n", max_size=40)


@st.composite
def code_in_text(draw):
    date = draw(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))
    sign = draw(st.sampled_from([s for s, start in SIGNS.items() if start == date.year // 100 * 100]))
    code = make_code(date.day, date.month, date.year, draw(st.integers(2, 999)), sign)
    text = draw(text_strategy)
    at = draw(st.integers(0, len(text)))
    before, after = draw(st.sampled_from(" ,:(\n")), draw(st.sampled_from(" .;)\n"))
    return code, text[:at] + before + code + after + text[at:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code_in_text())
def test_any_embedded_code_is_masked(case):
    code, text = case
    masked, count = mask_identity_codes(pd.Series([text]), KEY)
    assert count == 1
    assert token(code) in masked[0]
    assert code not in masked[0]
    assert oracle_codes(masked[0]) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(text_strategy, min_size=1, max_size=5))
def test_text_without_codes_is_left_exactly_as_it_is(texts):
    assume(not any(oracle_codes(t) for t in texts))
    values = pd.Series(texts)
    masked, count = mask_identity_codes(values, KEY)
    assert count == 0 and masked.equals(values)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789-+ABCDEFUVWXYHJ ", min_size=11, max_size=30))
def test_finder_agrees_with_a_brute_force_oracle(text):
    assert find_identity_codes(pd.Series([text])).iloc[0] == bool(oracle_codes(text))


def test_pseudonyms_are_injective_deterministic_and_keyed():
    names = pd.Series([f"Etunimi{i} Sukunimi{i % 97}" for i in range(10_000)], dtype="str")
    first = pseudonymise(names, KEY)
    assert first.nunique() == 10_000
    assert first.str.fullmatch(r"user-[0-9a-f]{8,}").all()
    assert pseudonymise(names, KEY).equals(first)
    assert (pseudonymise(names, OTHER_KEY) != first).mean() > 0.99
    assert pseudonymise(names, KEY, prefix="case").str.startswith("case-").all()


def test_pseudonyms_keep_categorical_and_na_and_map_repeats_alike():
    values = pd.Series(["Maija", "Matti", None, "Maija"], dtype="category", index=[3, 1, 4, 1])
    out = pseudonymise(values, KEY)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert out.index.equals(values.index)
    assert out.iloc[0] == out.iloc[3] != out.iloc[1] and pd.isna(out.iloc[2])
    assert "Maija" not in out.tolist()
    plain = pseudonymise(values.astype("str"), KEY)
    assert plain.iloc[0] == out.iloc[0] and pd.isna(plain.iloc[2])


def test_pseudonyms_lengthen_only_where_they_collide(monkeypatch):
    monkeypatch.setattr(privacy, "PSEUDONYM_HEX_DIGITS", 2)  # 256 values: 1000 names must collide
    names = pd.Series([f"name{i}" for i in range(1000)], dtype="str")
    out = pseudonymise(names, KEY)
    assert out.nunique() == 1000
    lengths = out.str.len() - len("user-")
    assert lengths.min() == 2 and lengths.max() > 2


def test_resolve_key_prefers_config_then_environment_then_random(monkeypatch):
    monkeypatch.setenv("RPA_TEST_KEY", "from-environment")
    assert resolve_key("from-config", "RPA_TEST_KEY") == (b"from-config", True)
    assert resolve_key(None, "RPA_TEST_KEY") == (b"from-environment", True)
    monkeypatch.delenv("RPA_TEST_KEY")
    key, stable = resolve_key(None, "RPA_TEST_KEY")
    assert not stable and len(key) >= 32
    assert resolve_key(None, "RPA_TEST_KEY")[0] == key  # one key per process: tokens agree within a run
    with pytest.raises(ConfigError, match=r"privacy\] key: the privacy key is empty"):
        resolve_key("", "RPA_TEST_KEY")


def test_key_never_shows_in_repr_or_str():
    key, _ = resolve_key("very-secret-value")
    for shown in (repr(key), str(key), f"{key}", repr((key, True))):
        assert "very-secret-value" not in shown
