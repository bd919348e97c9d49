"""Google's discovery documents as JSON Schema: the fake rejects what Google would reject.

The discovery documents for Sheets v4 and Drive v3 ship inside google-api-python-client. Each
request body is checked against its method's request schema (unknown fields, wrong types, unknown
enum values fail), and each query string against the method's parameters plus the API-wide ones.

Proto3 JSON rules that Google's front end applies are kept: a field may be ``null`` (unset),
integers may come as strings, ``int64`` travels as a string.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

_NUMBER_TEXT = r"^-?(\d+(\.\d*)?([eE][-+]?\d+)?|NaN|Infinity)$"


@dataclass(frozen=True)
class Method:
    api: str  # "sheets" or "drive"
    id: str  # "sheets.spreadsheets.values.batchUpdateByDataFilter"
    http_method: str
    path: str  # "v4/spreadsheets/{spreadsheetId}/values:batchGet"
    upload_path: str | None
    request: str | None  # schema name of the body
    parameters: dict[str, dict]


@cache
def discovery(api: str) -> dict:
    name = {"sheets": "sheets.v4.json", "drive": "drive.v3.json"}[api]
    folder = resources.files("googleapiclient") / "discovery_cache" / "documents"
    return json.loads((folder / name).read_text(encoding="utf-8"))


def methods(api: str) -> list[Method]:
    doc = discovery(api)
    found: list[Method] = []

    def walk(resource: dict) -> None:
        for m in resource.get("methods", {}).values():
            upload = m.get("mediaUpload", {}).get("protocols", {}).get("simple", {}).get("path")
            params = {**doc["parameters"], **m.get("parameters", {})}
            request = m.get("request", {}).get("$ref")
            path = m.get("flatPath", m["path"])
            found.append(Method(api, m["id"], m["httpMethod"], path, upload, request, params))
        for sub in resource.get("resources", {}).values():
            walk(sub)

    walk(doc)
    return found


def _convert(schema: dict) -> dict:
    if "$ref" in schema:
        return {"$ref": f"#/$defs/{schema['$ref']}"}
    kind = schema.get("type")
    if kind == "object":
        out: dict[str, Any] = {"type": "object"}
        if "properties" in schema:
            out["properties"] = {k: _nullable(_convert(v)) for k, v in schema["properties"].items()}
            out["additionalProperties"] = False
        if "additionalProperties" in schema:
            out["additionalProperties"] = _nullable(_convert(schema["additionalProperties"]))
        return out
    if kind == "array":
        items = schema.get("items", {})
        if items.get("type") == "any":
            return {"type": "array"}
        if items.get("type") == "array" and items.get("items", {}).get("type") == "any":
            # ValueRange.values: checking every cell of a large grid would make the fake slow.
            return {"type": "array", "items": {"type": "array"}}
        return {"type": "array", "items": _convert(items)}
    if kind == "string":
        if "enum" in schema:
            return {"type": "string", "enum": schema["enum"]}
        if schema.get("format") in ("int64", "uint64"):
            return {"type": ["string", "integer"], "pattern": r"^-?\d+$"}
        return {"type": "string"}
    if kind == "integer":
        return {"type": ["integer", "string"], "pattern": r"^-?\d+$"}
    if kind == "number":
        return {"type": ["number", "string"], "pattern": _NUMBER_TEXT}
    if kind == "boolean":
        return {"type": "boolean"}
    return {}  # "any"


def _nullable(schema: dict) -> dict:
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        out = {**schema, "type": [*kinds, "null"]}
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return out
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


@cache
def _validator(api: str, name: str) -> jsonschema.protocols.Validator:
    _enum_words(api)
    defs = {n: _convert(s) for n, s in discovery(api)["schemas"].items()}
    schema = {"$defs": defs, "$ref": f"#/$defs/{name}"}
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema)


def body_violations(method: Method, body: Any) -> list[tuple[str, str]]:
    """(field path, description) for each way ``body`` breaks the method's request schema.

    A big batch (10,000 ``createDeveloperMetadata`` requests, say) is mostly the same request
    with other numbers and text, so long arrays are checked item by item and an item is skipped
    when one of the same *skeleton* already passed (see ``_skeleton``): the same errors are
    found, a hundred times faster."""
    if method.request is None:
        return []
    errors: list[jsonschema.ValidationError] = []
    validator = _validator(method.api, method.request)
    long = _long_arrays(method, body)
    head = {k: ([] if k in long else v) for k, v in body.items()} if long else body
    errors += validator.iter_errors(head)
    for key, item_schema in long.items():
        item_validator = _validator(method.api, item_schema)
        passed: set[Any] = set()
        for i, item in enumerate(body[key]):
            skeleton = _skeleton(item)
            if skeleton in passed:
                continue
            found = list(item_validator.iter_errors(item))
            for e in found:
                e.path.extendleft([i, key])  # report as data[i]...
            errors += found
            if not found:
                passed.add(skeleton)
    errors = sorted(errors, key=str)[:5]
    return [(_path(e.absolute_path), _describe(e)) for e in (_deepest(x) for x in errors)]


def _long_arrays(method: Method, body: Any) -> dict[str, str]:
    """Top-level arrays of messages longer than a few dozen items: {field: item schema}."""
    if not isinstance(body, dict):
        return {}
    props = discovery(method.api)["schemas"][method.request].get("properties", {})
    return {
        k: props[k]["items"]["$ref"]
        for k, v in body.items()
        if isinstance(v, list) and len(v) > 32 and "$ref" in props.get(k, {}).get("items", {})
    }


_ENUMS: dict[str, frozenset[str]] = {}
_ALL_ENUMS: frozenset[str] = frozenset()  # every API's words seen so far (for ``_skeleton``)
_INT_TEXT, _NUMBER_TEXT_RE = re.compile(r"-?\d+"), re.compile(_NUMBER_TEXT)


def _enum_words(api: str) -> frozenset[str]:
    if api not in _ENUMS:
        words: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                words.update(node.get("enum", []))
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(discovery(api)["schemas"])
        global _ALL_ENUMS
        _ENUMS[api] = frozenset(words)
        _ALL_ENUMS = _ALL_ENUMS | _ENUMS[api]
    return _ENUMS[api]


def _skeleton(item: Any) -> Any:
    """What validation can depend on: keys, value kinds, enum words; not ordinary text or
    numbers. Two items with the same skeleton pass or fail together. (Hashable.)"""
    # Built once, not per item: a batch of 100,000 requests calls this 100,000 times.
    enums, int_text, number_text = _ALL_ENUMS, _INT_TEXT, _NUMBER_TEXT_RE

    def reduce(node: Any) -> Any:
        if isinstance(node, dict):
            return tuple(sorted((k, reduce(v)) for k, v in node.items()))
        if isinstance(node, list):
            return frozenset(reduce(v) for v in node)
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int):
            return 0
        if isinstance(node, float):
            return 0.5
        if node in enums:
            return node
        if int_text.fullmatch(node):
            return "#int"
        if number_text.fullmatch(node):
            return "#num"
        return "#text"

    return reduce(item)


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """The innermost cause (a field may be null *or* a message: report the message's error)."""
    while error.context:
        causes = [
            c
            for c in error.context
            if c.validator != "type" or "null" not in str(c.validator_value)
        ]
        error = max(causes or error.context, key=lambda c: len(c.absolute_path))
    return error


def _path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _describe(error: jsonschema.ValidationError) -> str:
    where = _path(error.absolute_path) or "the request body"
    if error.validator == "additionalProperties":
        unknown = re.findall(r"'([^']+)' was unexpected", error.message) or ["?"]
        return (
            f"Invalid JSON payload received. Unknown name \"{unknown[0]}\" at '{where}': "
            "Cannot find field."
        )
    return f"Invalid value at '{where}', {json.dumps(error.instance)[:80]}"


def param_violations(method: Method, query: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Bad enum values, non-boolean or non-integer values, and (Sheets only) unknown query
    parameters. Drive ignores parameters it does not know: the recorded traffic has Drive
    answering 200 to ``files.get?includeItemsFromAllDrives=True``."""
    problems: list[tuple[str, str]] = []
    for name, values in query.items():
        spec = method.parameters.get(name)
        if (spec is None or spec.get("location") == "path") and method.api == "drive":
            continue
        if spec is None or spec.get("location") == "path":
            problems.append(
                (
                    name,
                    f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
                    f"parameter. Field '{name}' could not be found in request message.",
                )
            )
            continue
        if len(values) > 1 and not spec.get("repeated"):
            problems.append((name, f"Parameter {name} may be given once"))
        for value in values:
            bad = _bad_param(spec, value)
            if bad:
                problems.append((name, f"Invalid value at '{name}' ({bad}), \"{value}\""))
    return problems


def _bad_param(spec: dict, value: str) -> str | None:
    if "enum" in spec and value not in spec["enum"]:
        return "enum"
    if spec.get("type") == "boolean" and value.lower() not in ("true", "false"):
        return "TYPE_BOOL"
    if spec.get("type") == "integer" and not re.fullmatch(r"-?\d+", value):
        return "TYPE_INT32"
    return None
