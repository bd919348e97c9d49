"""The config file of an imported plan: what the document says, in the config's TOML.

Usage::

    text = config_text(plan, workbook="ke-hoach-45.xlsx", imported=date.today())
    cfg = config.loads(text, Path("ke-hoach-45.toml"))   # cfg.plan.number == "45/KH-UBND"

Everything in it comes from the plan: organisation, number, date, title, year, signer, units.
What a document does not say (whom reports go to, when the jobs run) gets the defaults every
config has, with a comment saying where to change it; nothing of another commune is in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from .plan import Plan

_YEAR_TAIL = re.compile(r"\s*\b(trong\s+)?năm\s+\d{4}\b.*$", re.IGNORECASE)
_DOING = re.compile(r"^(triển khai thực hiện|triển khai|thực hiện|tổ chức thực hiện)\s+", re.I)


def _s(text: str) -> str:
    """A TOML basic string (a JSON string is one: the same escapes)."""
    return json.dumps(text, ensure_ascii=False)


def report_subject(plan: Plan) -> str:
    """What the plan's reports are about: "Kết quả thực hiện công tác phòng cháy, chữa cháy"
    for the plan "Công tác phòng cháy, chữa cháy … năm 2023" (the report adds its period)."""
    about = _YEAR_TAIL.sub("", plan.name.removeprefix("Kế hoạch ").strip())
    about = _DOING.sub("", about)
    return f"Kết quả thực hiện {about}".strip() if about else "Kết quả thực hiện kế hoạch"


def config_text(
    plan: Plan, *, workbook: str, imported: date, google: Mapping[str, Any] | None = None
) -> str:
    """The TOML text; ``google``: the ``[google]`` keys to write (the sheet imported into, and
    the account settings of the config the import was given)."""
    head = plan.letterhead
    authority = " ".join(head.authority) or "TM. ỦY BAN NHÂN DÂN"
    lines = [
        f"# sheets-sync configuration of {plan.name}",
        f"# Imported from {plan.source.name} on {imported.isoformat()} by `sheets-sync import`.",
        "# Every key is checked on load; relative paths are relative to this file's folder.",
        "# Fix here what the import could not read (it printed each such line).",
        "",
        "[plan]",
        f"name = {_s(plan.name)}",
        f"number = {_s(head.number)}",
        f"issued = {_s(head.issued.isoformat() if head.issued else '')}",
        f"year = {plan.year}",
        'timezone = "Asia/Ho_Chi_Minh"',
        "",
        "[organisation]",
        "# The report's letterhead, left column: the line above, then the issuing body's name.",
        f"parent = {_s(head.parent)}",
        f"name = {_s(head.name)}",
        f"commune = {_s(head.commune)}",
        f"place = {_s(head.place or head.locality)}",
        f"abbreviation = {_s(head.abbreviation)}",
        "",
        "[report]",
        f"subject = {_s(report_subject(plan))}",
        'cut = "calendar"           # or "nd09": Nghị định 09/2019 (Q1 = 15/12–14/3)',
        'number = ""                # the report\'s number, when the office registers it',
        "due_day = 20",
        'addressee = ""             # whom reports go to, e.g. "Sở Nội vụ tỉnh …"',
        '# "- Lưu: VT." closes the list by itself.',
        'recipients = ["Như trên"]',
        f"signer_on_behalf = {_s(authority)}",
        f"signer_title = {_s(head.signer_title or 'CHỦ TỊCH')}",
        f"signer_name = {_s(head.signer_name)}",
        "",
        "[local]",
        f"workbook = {_s(workbook)}",
        'out_dir = "bao-cao"',
        "",
        "[jobs.flag]",
        'at = ["06:30"]',
        "",
        "[jobs.report]",
        'at = ["07:00"]',
        "",
        *_google_lines(google),
        "# The plan's units (lead and coordinating), each with the other ways the plan writes it.",
        "[units]",
        *(
            f"{_s(name)} = [{', '.join(_s(s) for s in others)}]"
            for name, others in plan.units.items()
        ),
        "",
    ]
    return "\n".join(lines)


def _google_lines(google: Mapping[str, Any] | None) -> list[str]:
    if not google:
        return []
    values = [f"{key} = {_value(v)}" for key, v in google.items() if not isinstance(v, dict)]
    lines = ["# Where the plan lives on Google (docs/google.md).", "[google]", *values, ""]
    for key, table in google.items():  # [google.quota]
        if isinstance(table, dict):
            lines += [f"[google.{key}]", *(f"{k} = {_value(v)}" for k, v in table.items()), ""]
    return lines


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _s(value)
    if isinstance(value, list):  # several service-account keys
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)
