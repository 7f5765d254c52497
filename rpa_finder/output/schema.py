# SPDX-License-Identifier: AGPL-3.0-or-later
"""JSON Schemas (draft 2020-12) of the results-folder files others read, and a small checker.

The schemas live in ``rpa_finder/data/schema/<name>.schema.json`` and document the contract the HTML
report and the run store build on.  :func:`check_document` covers the subset of the draft those
schemas use (type, const, enum, required, properties, additionalProperties, propertyNames, items,
minItems, maxItems, minimum, pattern, $ref to $defs), so checking a folder needs no extra package.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_NAMES", "load_schema", "check_document"]

#: Files of a results folder that have a schema: file name -> schema name.
SCHEMA_NAMES = {"summary.json": "summary", "candidates.json": "candidates", "mining.json": "mining",
                "manifest.json": "manifest"}

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (summary, candidates, mining, manifest)."""
    text = resources.files("rpa_finder").joinpath("data", "schema", f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _check(value: Any, schema: Any, root: dict, where: str, problems: list[str]) -> None:
    if schema is True or schema is None:
        return
    if schema is False:
        problems.append(f"{where}: not allowed")
        return
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        _check(value, target, root, where, problems)
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(_is_type(value, n) for n in names):
            problems.append(f"{where}: expected {' or '.join(names)}, got {type(value).__name__}")
            return
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: must be {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "minimum" in schema \
            and value < schema["minimum"]:
        problems.append(f"{where}: {value} is below {schema['minimum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                problems.append(f"{where}: missing {key!r}")
        properties = schema.get("properties", {})
        for key, item in value.items():
            if "propertyNames" in schema:
                _check(key, schema["propertyNames"], root, f"{where}.{key} (name)", problems)
            if key in properties:
                _check(item, properties[key], root, f"{where}.{key}", problems)
            elif "additionalProperties" in schema:
                _check(item, schema["additionalProperties"], root, f"{where}.{key}", problems)
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{where}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append(f"{where}: more than {schema['maxItems']} items")
        if "items" in schema:
            for index, item in enumerate(value):
                _check(item, schema["items"], root, f"{where}[{index}]", problems)


def check_document(data: Any, name: str) -> list[str]:
    """Where ``data`` breaks the schema ``name``: one line per problem, empty when it conforms."""
    schema = load_schema(name)
    problems: list[str] = []
    _check(data, schema, schema, name, problems)
    return problems
