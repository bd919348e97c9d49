"""The seed plan (``../shared/seed/``) as the .docx it was signed as imports to the demo's 8 tasks
and to the bundled config's letterhead, number, date and signer.

The seed file is the text taken from the signed document, as a PDF's text: the letterhead is
not in it, lines are wrapped, the appendix table is flattened and cut by a page break in task 7.
The test writes the document back: the body's paragraphs, title, "Nơi nhận" and signature from
the text; the letterhead from the appendix's "(Kèm theo Kế hoạch số 13 /KH-UBND, ngày 05 tháng 02
năm 2024 của Ủy ban nhân dân xã Gia Tân)"; the header row from the text's header line; the cells
from ``seed.TASKS`` (typed from the signed document cell by cell), the table cut in two where the
text's page break cuts task 7.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sheets_sync import seed
from sheets_sync.config import Config
from sheets_sync.importer import read_plan
from sheets_sync.units import unit_key
from tests.importer.build import (
    letterhead,
    new_document,
    page_break,
    paragraphs,
    signature,
    task_table,
    title,
)

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seed" / "000_c2f82bd70c212939.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed plan is missing: {SEED} (the team folder ../shared beside the repo)")
    return SEED.read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, wrapped lines joined, page numbers dropped."""
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text)]
    return [b for b in blocks if b and not b.isdigit()]


def _header_labels(line: str) -> list[str]:
    """ "STT Nhiệm vụ cụ thể Sản phẩm/kêt quả …": a label starts at each capitalised word."""
    labels: list[str] = []
    for word in line.split():
        if word[0].isupper() or not labels:
            labels.append(word)
        else:
            labels[-1] += f" {word}"
    return labels


def _cut(cell: str, after_break: str) -> tuple[str, str]:
    """Split a cell where the page break cut it: its longest ending that the text after the
    break starts with goes to the next page."""
    words = cell.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if after_break.startswith(tail):
            return " ".join(words[:i]), tail
    raise AssertionError(f"the page break does not cut {cell!r}")


def seed_docx(text: str, path: Path) -> Path:
    body, rest = text.split("Nơi nhận:", 1)
    closing, appendix = rest.split("PHỤ LỤC", 1)
    appendix = "PHỤ LỤC" + appendix
    reference = re.search(
        r"Kế hoạch số (\d+) ?/(\S+), ngày (\d+) tháng (\d+) năm (\d{4}) của Ủy ban nhân dân xã "
        r"([^)]+)\)",
        appendix,
    )
    assert reference, "the appendix names the plan it belongs to"
    number, kind, day, month, year, commune = reference.groups()
    doc = new_document()
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", f"XÃ {commune.upper()}"],
        f"Số: {number}/{kind}",
        f"{commune}, ngày {day} tháng {month} năm {year}",
    )
    head, *paras = _paragraphs(body)
    kind_line, title_line = head.split(" ", 2)[:2], head.split(" ", 2)[2]
    assert " ".join(kind_line) == "KẾ HOẠCH"
    title(doc, title_line)
    paragraphs(doc, *paras)
    lines = [line.strip() for line in closing.splitlines() if line.strip()]
    recipients = [line for line in lines if line.startswith("-")]
    authority, signer_title, name = [line for line in lines if not line.startswith("-")]
    signature(doc, [authority, signer_title], name, recipients=recipients)
    page_break(doc)
    table_text = appendix.split("STT ", 1)
    caption = _paragraphs(table_text[0])
    paragraphs(doc, *caption)
    labels = _header_labels("STT " + table_text[1].splitlines()[0])
    assert len(labels) == 6, labels
    rows = [[str(t.stt), t.task, t.product, t.lead, t.partners, t.timeframe] for t in seed.TASKS]
    # The text's page break ("8" alone on a line) falls inside task 7.
    after_break = " ".join(re.split(r"\n\s*8\s*\n", table_text[1], maxsplit=1)[1].split())
    task_end = _cut(rows[6][1], after_break)
    product_end = _cut(rows[6][2], after_break[len(task_end[1]) :].strip())
    rows[6][1], rows[6][2] = task_end[0], product_end[0]
    continued = ["", task_end[1], product_end[1], "", "", ""]
    task_table(doc, [labels, *rows[:7]])
    page_break(doc)
    task_table(doc, [continued, rows[7]], header_rows=0, repeat_header=False)
    doc.save(str(path))
    return path


def test_the_seed_plan_round_trips_to_the_demo_tasks(seed_text: str, tmp_path: Path):
    plan = read_plan(seed_docx(seed_text, tmp_path / "ke-hoach-gia-tan.docx"), fallback_year=2000)
    got = [(t.stt, t.task, t.product, t.lead, t.partners, t.timeframe) for t in plan.tasks]
    want = [(str(t.stt), t.task, t.product, t.lead, t.partners, t.timeframe) for t in seed.TASKS]
    assert got == want
    assert [t.group for t in plan.tasks] == [""] * 8
    assert not plan.problems


def test_the_seed_letterhead_is_the_bundled_config(seed_text: str, tmp_path: Path, cfg: Config):
    plan = read_plan(seed_docx(seed_text, tmp_path / "ke-hoach-gia-tan.docx"), fallback_year=2000)
    head = plan.letterhead
    assert head.number == cfg.plan.number
    assert head.issued == cfg.plan.issued_on
    assert plan.year == cfg.plan.year
    assert plan.name == cfg.plan.name
    assert (head.parent, head.name, head.commune, head.place) == (
        cfg.organisation.parent,
        cfg.organisation.name,
        cfg.organisation.commune,
        cfg.organisation.place,
    )
    assert head.abbreviation == cfg.organisation.abbreviation
    assert head.signer_name == cfg.report.signer_name
    assert head.signer_title == cfg.report.signer_title
    assert head.authority == ("TM. ỦY BAN NHÂN DÂN XÃ",)


def test_the_seed_units_merge_spellings_of_one_unit(seed_text: str, tmp_path: Path):
    plan = read_plan(seed_docx(seed_text, tmp_path / "ke-hoach-gia-tan.docx"), fallback_year=2000)
    units = plan.units
    # A comma inside one unit's name does not split it.
    assert "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã" in units
    # Two spellings of the Văn phòng HĐND - UBND are one unit, the other kept as a spelling.
    office = [name for name in units if unit_key(name) == unit_key("Văn phòng HĐND - UBND")]
    assert len(office) == 1
    assert {office[0], *units[office[0]]} == {
        "Văn phòng HĐND& UBND xã",
        "Công chức Văn phòng HĐND - UBND",
        "Công chức Văn phòng HĐND - UBND xã",
    }
    keys = [unit_key(name) for name in units]
    assert len(keys) == len(set(keys))
