"""A plan as read from its signed document: letterhead, year, tasks, units, and what was not
read.

Usage::

    plan = read_plan(Path("ke-hoach-45.docx"))
    plan.year, plan.letterhead.number, len(plan.tasks)
    for problem in plan.problems:
        print(problem)            # "bảng 2, dòng 7: Nhiệm vụ 3 không có thời gian thực hiện …"

The plan year is the one its title names ("… năm 2025"); else the one a task table's caption
names ("PHỤ LỤC … NĂM 2025"); else the year most timeframes name, when that is the year of
signing or the next (a plan for 2025 is often signed in December 2024); else the year it was
signed; else ``fallback_year`` (the caller's today), with a problem saying so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .blocks import Block, Table
from .letterhead import Letterhead, read_letterhead, title_year
from .problems import PlanFileError, Problem
from .source import load
from .tables import Layout, task_tables
from .tasks import Task, read_tasks
from .units import plan_units

_YEAR = re.compile(r"\b(20\d\d)\b")
HEAD = "đầu văn bản"  # where letterhead problems are
END = "cuối văn bản"


@dataclass(frozen=True)
class Plan:
    source: Path
    letterhead: Letterhead
    year: int
    tasks: tuple[Task, ...]
    units: dict[str, list[str]]  # canonical name -> other spellings (config [units])
    problems: tuple[Problem, ...]
    tables: int  # task tables read (a table continued over pages counts once)
    ignored_columns: tuple[str, ...]  # header texts of columns the sheet does not keep

    @property
    def name(self) -> str:
        """The plan's name as a sentence cites it: "Kế hoạch tuyên truyền … năm 2024"."""
        return plan_name(self.letterhead.title, self.letterhead)


def read_plan(path: Path, *, fallback_year: int) -> Plan:
    """Read a plan file (.docx, .doc, .odt, .xlsx, .csv); ``PlanFileError`` when it cannot be."""
    return plan_from_blocks(path, load(path), fallback_year=fallback_year)


def plan_from_blocks(path: Path, blocks: Sequence[Block], *, fallback_year: int) -> Plan:
    layouts = task_tables(blocks)
    if not layouts:
        raise PlanFileError(_no_table(path, blocks))
    tasks, problems = read_tasks(layouts)
    if not tasks:
        raise PlanFileError(
            f"Bảng nhiệm vụ trong {path.name} không có dòng nhiệm vụ nào. "
            f"(The task table of {path.name} has no task rows.)"
        )
    head = read_letterhead(blocks)
    year, year_problem = _year(head, layouts, tasks, fallback_year)
    head_problems = _letterhead_problems(head) + year_problem
    ignored = tuple(dict.fromkeys(c for layout in layouts for c in layout.ignored))
    return Plan(
        source=path,
        letterhead=head,
        year=year,
        tasks=tuple(tasks),
        units=plan_units(tasks),
        problems=tuple(head_problems + problems),
        tables=sum(not layout.continued for layout in layouts),
        ignored_columns=ignored,
    )


def _year(
    head: Letterhead, layouts: Sequence[Layout], tasks: Sequence[Task], fallback: int
) -> tuple[int, list[Problem]]:
    if head.year:
        return head.year, []
    for layout in layouts:
        if year := title_year(layout.caption):
            return year, []
    named = Counter(int(y) for t in tasks for y in _YEAR.findall(t.timeframe))
    if named:
        year, _ = named.most_common(1)[0]
        if head.issued is None or year in (head.issued.year, head.issued.year + 1):
            return year, []
    if head.issued is not None:
        return head.issued.year, []
    return fallback, [
        Problem(
            HEAD,
            f"Không tìm thấy năm của kế hoạch (tiêu đề '… năm 20..' hoặc ngày ký) — đã lấy năm "
            f"{fallback}; sửa [plan] year trong tệp cấu hình nếu sai.",
        )
    ]


# What an officer fills in the config when the letterhead lacks it: (field, where, message).
_MISSING = (
    ("name", HEAD, "Không thấy tên cơ quan ban hành (ỦY BAN NHÂN DÂN / XÃ …) — điền "
     "[organisation] trong tệp cấu hình."),
    ("number", HEAD, "Không thấy số kế hoạch (Số: …/KH-UBND) — điền [plan] number trong tệp "
     "cấu hình khi có số."),
    ("issued", HEAD, "Không thấy ngày ký (…, ngày … tháng … năm …) — điền [plan] issued trong "
     "tệp cấu hình."),
    ("title", HEAD, "Không thấy tiêu đề dưới chữ KẾ HOẠCH — điền [plan] name trong tệp cấu hình."),
    ("signer_name", END, "Không thấy người ký (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / họ tên) — điền "
     "[report] signer_name trong tệp cấu hình."),
)  # fmt: skip


def _letterhead_problems(head: Letterhead) -> list[Problem]:
    return [Problem(where, what) for key, where, what in _MISSING if not getattr(head, key)]


def _no_table(path: Path, blocks: Sequence[Block]) -> str:
    tables = [b for b in blocks if isinstance(b, Table)]
    seen = ""
    if tables:
        firsts = "; ".join(
            f"bảng {t.index}: " + " | ".join(c.text.split("\n")[0] for c in t.distinct(0))[:80]
            for t in tables[:3]
        )
        seen = f" Các bảng đã thấy — {firsts}."
    return (
        f"Không tìm thấy bảng nhiệm vụ trong {path.name}: cần một bảng có hàng tiêu đề gồm cột "
        f"nhiệm vụ (Nhiệm vụ, Nội dung…) và cột Cơ quan chủ trì hoặc Thời gian thực hiện.{seen} "
        f"(No task table in {path.name}: a table whose header names a task column and a lead "
        f"unit or timeframe column.)"
    )


def plan_name(title: str, head: Letterhead) -> str:
    """ "Kế hoạch " and the title in sentence case: the upper-case title of some plans is
    lowered, keeping the locality's name and abbreviations (UBND, CCHC, PCCC) as printed."""
    if not title:
        return head.kind
    text = " ".join(title.split())
    if text == text.upper():
        text = _sentence_case(text, head)
    return f"{head.kind} {text[:1].lower()}{text[1:]}"


def _sentence_case(text: str, head: Letterhead) -> str:
    lowered = text.lower()
    if head.locality:
        lowered = re.sub(re.escape(head.locality.lower()), head.locality, lowered)
    words = [
        original if _is_abbreviation(original) else word
        for original, word in zip(text.split(" "), lowered.split(" "), strict=True)
    ]
    return " ".join(words)


def _is_abbreviation(word: str) -> bool:
    """CCHC, PCCC, HĐND, TTHC (no vowel), and the few with one (UBND, ATTP)."""
    letters = word.strip(".,;:()")
    no_vowel = re.fullmatch(r"[BCDĐGHKLMNPQRSTVX]{2,6}", letters) is not None
    return no_vowel or letters in _ABBREVIATIONS


_ABBREVIATIONS = {"UBND", "UBMTTQ", "ATTP", "ATVSTP", "CNTT"}
