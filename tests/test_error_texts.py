# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every error a user can see has a Finnish and a Swedish text (issue 15).

The raise sites are read as code (``ast``), not run: each part of an error (what, where, fix) must be an
English literal or a ``Message`` with a literal template, because an f-string has no catalogue entry
and would reach a Finnish user in English.  Each template must be in :mod:`rpa_finder.error_texts`
with both translations and the same placeholders, and every entry there must still be raised
somewhere.  On main before the catalogue (886fd10), the part test found 153 errors in 37 modules built
from f-strings or joins, and none of the 253 literal parts had a translation.
"""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from rpa_finder.error_texts import catalogue
from rpa_finder.errors import BadDataError, ConfigError, Message

PACKAGE = Path(__file__).resolve().parents[1] / "rpa_finder"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "error_texts" not in p.parts)
#: The classes whose messages a user reads (rpa_finder.errors).
ERRORS = {"RpaFinderError", "UsageError", "BadDataError", "ValidationFailedError", "InputMissingError",
          "OutputNotWritableError", "ConfigError"}
PARTS = ("where", "fix")


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_message(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == "Message"


def _part_problem(node: ast.AST | None) -> str | None:
    """Why this part of an error cannot be translated, or None when it can."""
    if node is None or isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return None
    if _is_message(node):
        return None if node.args and isinstance(node.args[0], ast.Constant) else "a Message whose template is not a literal"
    if isinstance(node, ast.IfExp):
        return _part_problem(node.body) or _part_problem(node.orelse)
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        return None  # a variable: the Message it holds is checked where it is built
    return f"a {type(node).__name__} (an f-string, a join or a format call has no catalogue entry)"


def _error_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in ERRORS:
            yield node


def _literal_texts(tree: ast.AST):
    """(line, English text) of every literal part of an error and every Message template."""
    for node in ast.walk(tree):
        if _is_message(node) and node.args and isinstance(node.args[0], ast.Constant):
            yield node.lineno, node.args[0].value
    for call in _error_calls(tree):
        parts = call.args[:1] + [k.value for k in call.keywords if k.arg in ("what", *PARTS)]
        for part in parts:
            for option in (part.body, part.orelse) if isinstance(part, ast.IfExp) else (part,):
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    yield call.lineno, option.value


def _relative(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", SOURCES, ids=_relative)
def test_every_error_part_is_a_literal_or_a_message(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for call in _error_calls(tree):
        parts = [("what", call.args[0] if call.args else None)]
        parts += [(k.arg, k.value) for k in call.keywords if k.arg in ("what", *PARTS)]
        for label, node in parts:
            problem = _part_problem(node)
            if problem:
                problems.append(f"{_relative(path)}:{call.lineno} {label}: {problem}")
    assert problems == []


def _fields(template: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("path", SOURCES, ids=_relative)
def test_every_error_text_has_finnish_and_swedish_with_the_same_placeholders(path):
    entries = catalogue()
    missing = []
    for line, text in _literal_texts(ast.parse(path.read_text(encoding="utf-8"))):
        texts = entries.get(text)
        if not texts or not texts.get("fi") or not texts.get("sv"):
            missing.append(f"{_relative(path)}:{line} no fi/sv for {text!r}")
        elif not _fields(texts["fi"]) == _fields(texts["sv"]) == _fields(text):
            missing.append(f"{_relative(path)}:{line} placeholders differ for {text!r}")
    assert missing == []


def test_the_catalogue_has_no_entry_left_over():
    used = {text for path in SOURCES for _, text in _literal_texts(ast.parse(path.read_text(encoding="utf-8")))}
    cli = {text for text in catalogue() if text.startswith("rpa-finder: ")}  # the CLI's own lines
    assert sorted(set(catalogue()) - used - cli) == []


def test_an_error_speaks_finnish_and_swedish_and_stays_english_for_logs():
    error = ConfigError(Message("language must be one of {choices}", choices="fi, sv, en"), file="asetukset.toml",
                        where="[report]")
    assert str(error) == "asetukset.toml: [report]: language must be one of fi, sv, en"
    for lang in ("fi", "sv"):
        line = error.localised(lang)
        assert line.startswith("asetukset.toml: ") and "fi, sv, en" in line
        assert "must be" not in line and "[report]" in line


def test_the_cli_prefix_follows_the_command_language(tmp_path, capsys):
    from rpa_finder.cli import main

    missing = tmp_path / "puuttuu.csv"
    for lang, prefix in (("fi", "rpa-finder: virhe: "), ("sv", "rpa-finder: fel: "), ("en", "rpa-finder: error: ")):
        with pytest.raises(SystemExit) as exit_info:
            main(["analyze", str(missing), "-o", str(tmp_path / "out"), "--lang", lang])
        assert exit_info.value.code == 66
        line = capsys.readouterr().err.strip().splitlines()[-1]
        assert line.startswith(prefix + str(missing)), line


def test_an_unknown_text_falls_back_to_english():
    error = BadDataError("a text no catalogue knows", file="x.csv")
    assert error.localised("fi") == "x.csv: a text no catalogue knows"
