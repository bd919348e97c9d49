"""Replaying gspread's recorded Google traffic against the fake, to compare response shapes.

The cassettes (``shared/reference/gspread-cassettes``, MIT, from gspread's own test suite) hold
real requests and Google's real answers. ``replay`` sends each recorded request to the fake,
with the recorded spreadsheet ids mapped to the ones the fake made, and returns pairs of
(recorded, fake) responses; ``shape`` reduces a JSON body to its structure (keys and value
kinds), which is what the fake must reproduce.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]  # the repository
CASSETTES = ROOT.parent / "shared" / "reference" / "gspread-cassettes"  # the team folder
MISSING = (
    f"the recorded Google traffic is not at {CASSETTES}: the team folder must sit beside the "
    "repository as ../shared (these tests check the fake Google against it)"
)
_ID = re.compile(r"1[A-Za-z0-9_-]{30,}")


def cassette_names() -> list[str | None]:
    """The cassettes' file names, or ``[None]`` when the folder is missing, so the replay test
    runs once and fails with ``MISSING`` instead of collecting nothing and passing."""
    names = sorted(p.name for p in CASSETTES.glob("*.json")) if CASSETTES.is_dir() else []
    return [*names] or [None]


def require_cassettes() -> None:
    if not CASSETTES.is_dir() or not any(CASSETTES.glob("*.json")):
        pytest.fail(MISSING, pytrace=False)


@dataclass
class Exchange:
    method: str
    uri: str
    recorded_status: int
    recorded: Any
    status: int
    got: Any


def shape(value: Any) -> Any:
    """Keys and kinds, not values: {"a": [1, 2]} -> {"a": ["number"]}."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


_ID_KEYS = ("id", "spreadsheetId", "sheetId", "protectedRangeId", "metadataId")


def _learn_ids(recorded: Any, got: Any, ids: dict[str, str]) -> None:
    """Ids Google chose and the fake chose differently, found at the same place in both."""
    if isinstance(recorded, dict) and isinstance(got, dict):
        for key, value in recorded.items():
            if key in _ID_KEYS and key in got and str(value) != str(got[key]):
                ids[str(value)] = str(got[key])
            elif key in got:
                _learn_ids(value, got[key], ids)
    elif isinstance(recorded, list) and isinstance(got, list):
        for a, b in zip(recorded, got, strict=False):
            _learn_ids(a, b, ids)


def _substitute(text: str, ids: dict[str, str]) -> str:
    text = _ID.sub(lambda m: ids.get(m.group(0), m.group(0)), text)
    for old, new in ids.items():
        if old.isdigit():
            text = re.sub(rf"(?<![\w-]){old}(?![\w-])", new, text)
    return text


def replay(
    name: str, session: requests.Session, known: dict[str, str] | None = None
) -> list[Exchange]:
    data = json.loads((CASSETTES / name).read_text(encoding="utf-8"))
    ids: dict[str, str] = dict(known or {})
    out = []
    for item in data["interactions"]:
        rq, rs = item["request"], item["response"]
        uri = _substitute(rq["uri"], ids)
        body = rq["body"]
        if isinstance(body, str):
            body = _substitute(body, ids).encode()
        headers = {k: v[0] for k, v in rq["headers"].items() if k.lower() == "content-type"}
        response = session.request(rq["method"], uri, data=body or None, headers=headers)
        got = _json(response.text)
        recorded = _json(rs["body"]["string"])
        _learn_ids(recorded, got, ids)
        out.append(
            Exchange(
                rq["method"], rq["uri"], rs["status"]["code"], recorded, response.status_code, got
            )
        )
    return out
