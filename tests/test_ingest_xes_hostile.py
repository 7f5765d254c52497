# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile and broken XES files: each gives one clean BadDataError line naming the file, or a correct result."""
from __future__ import annotations

import gzip

import pytest

from rpa_finder.errors import BadDataError
from rpa_finder.ingest.xes import read_xes

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
GOOD = HEADER + """<log xes.version="1.0">
<trace><string key="concept:name" value="c1"/>
 <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-15T12:00:00+02:00"/></event>
 <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-15T13:00:00+02:00"/></event>
</trace></log>
"""


def _refused(path, match: str) -> BadDataError:
    with pytest.raises(BadDataError, match=match) as info:
        read_xes(path)
    text = str(info.value)
    assert "\n" not in text and "\r" not in text
    assert str(path) in text
    assert info.value.exit_code == 65
    return info.value


def test_external_entity_to_local_file_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-123")
    path = tmp_path / "xxe.xes"
    path.write_text(HEADER + f'<!DOCTYPE log [<!ENTITY x SYSTEM "file://{secret}">]>\n'
                    '<log><trace><string key="concept:name" value="&x;"/><event>'
                    '<string key="concept:name" value="&x;"/></event></trace></log>')
    error = _refused(path, r"line 2: DOCTYPE/entity declarations are not allowed in XES")
    assert "TOP-SECRET" not in str(error)


def test_external_entity_after_a_long_prologue_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-123")
    path = tmp_path / "xxe_late.xes"
    padding = "<!-- " + "x" * 100_000 + " -->\n"
    path.write_text(HEADER + padding + f'<!DOCTYPE log [<!ENTITY x SYSTEM "file://{secret}">]>\n'
                    '<log><trace><string key="concept:name" value="&x;"/><event/></trace></log>')
    error = _refused(path, r"line 3: DOCTYPE/entity declarations are not allowed in XES")
    assert "TOP-SECRET" not in str(error)


def test_internal_entity_declaration_is_refused(tmp_path):
    path = tmp_path / "internal.xes"
    path.write_text(HEADER + '<!DOCTYPE log [\n<!ENTITY who "Resource1">\n]>\n<log/>')
    _refused(path, "line 2: DOCTYPE/entity declarations are not allowed")


def test_entity_expansion_bomb_is_refused_quickly(tmp_path):
    lines = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    path = tmp_path / "bomb.xes.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(HEADER + "<!DOCTYPE log [" + "\n".join(lines) + "]>\n<log><trace>"
                     '<string key="concept:name" value="&lol9;"/></trace></log>')
    _refused(path, "DOCTYPE/entity declarations are not allowed in XES")


def test_undeclared_entity_reference_is_bad_xml(tmp_path):
    path = tmp_path / "undeclared.xes"
    path.write_text(HEADER + '<log><trace><string key="concept:name" value="&nope;"/></trace></log>')
    _refused(path, r"line 2: not well-formed XML: .*nope")


def test_truncated_document(tmp_path):
    path = tmp_path / "truncated.xes"
    path.write_text(GOOD[: GOOD.index("</trace>") - 20])
    _refused(path, r"line \d+: not well-formed XML")


def test_truncated_gzip(tmp_path):
    path = tmp_path / "truncated.xes.gz"
    whole = gzip.compress((GOOD * 1).encode() + b"<!--" + b"padding " * 5000 + b"-->")
    path.write_bytes(whole[: len(whole) // 2])
    _refused(path, "gzip stream: the gzip data is corrupt or cut short")


def test_corrupt_gzip_body(tmp_path):
    path = tmp_path / "corrupt.xes"
    whole = bytearray(gzip.compress(GOOD.encode() * 20))
    whole[20:60] = b"\xff" * 40
    path.write_bytes(bytes(whole))
    _refused(path, "gzip")


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.xes"
    path.write_bytes(bytes(range(256)) * 40)
    _refused(path, "not well-formed XML|encoding|no XML element")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xes"
    path.write_bytes(b"")
    _refused(path, "line 1: the file is empty")


def test_nul_bytes(tmp_path):
    path = tmp_path / "nul.xes"
    path.write_bytes(GOOD.encode().replace(b'value="a"', b'value="a\x00b"'))
    _refused(path, r"line \d+: not well-formed XML")


def test_wrong_root_element(tmp_path):
    path = tmp_path / "html.xes"
    path.write_text(HEADER + "<html><body><event/></body></html>")
    _refused(path, r"root element is <html>, not <log>: this is not an XES event log")


def test_event_inside_event(tmp_path):
    path = tmp_path / "nested.xes"
    path.write_text(HEADER + "<log><trace><event><event/></event></trace></log>")
    _refused(path, r"<event> number 2: <event> inside another <event>")


def test_multi_megabyte_attribute_value_is_read(tmp_path):
    big = "x" * 5_000_000
    path = tmp_path / "big.xes"
    path.write_text(GOOD.replace('value="a"', f'value="{big}"'))
    raw = read_xes(path)
    assert raw.events["concept:name"].str.len().tolist() == [5_000_000, 1]


def test_missing_file_is_input_missing(tmp_path):
    from rpa_finder.errors import InputMissingError

    with pytest.raises(InputMissingError, match="file not found"):
        read_xes(tmp_path / "nope.xes")
