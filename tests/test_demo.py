"""`sheets-sync demo` end to end, with the Q3 report opened by LibreOffice."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from libreoffice import convert, pdf_text

from sheets_sync import seed
from sheets_sync.cli import main
from sheets_sync.text import clean

pytestmark = pytest.mark.libreoffice  # opens the demo's files in LibreOffice


def words_in_order(phrase: str, text: str) -> bool:
    """All words of ``phrase`` appear in ``text`` in order. A table cell's lines reach the PDF
    text interleaved with its neighbours' lines, so the words are not always contiguous."""
    words = iter(text.split())
    return all(any(w == t for t in words) for w in phrase.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_demo_flags_the_workbook(demo: Path):
    ws = openpyxl.load_workbook(demo / "ke-hoach-gia-tan-2024.xlsx")["Nhiệm vụ"]
    header = [c.value for c in ws[3]]
    statuses = {
        row[0]: row[header.index("Trạng thái")]
        for row in ws.iter_rows(min_row=4, values_only=True)
        if row[0] is not None
    }
    assert statuses[3] == "Hoàn thành quá hạn"  # the task done late
    assert statuses[5] == "Quá hạn"  # radio slot missed in June and September
    assert statuses[8] == "Quá hạn"  # Quý IV/2023 in a 2024 plan
    assert len(statuses) == len(seed.TASKS)


def test_demo_writes_three_reports(demo: Path):
    names = sorted(p.name for p in (demo / "bao-cao").glob("*.docx"))
    assert names == [
        "Bao cao quy I nam 2024 - xa Gia Tan.docx",
        "Bao cao quy II nam 2024 - xa Gia Tan.docx",
        "Bao cao quy III nam 2024 - xa Gia Tan.docx",
        # The office's working notes beside each report (never sent).
        "Ghi chu noi bo quy I nam 2024 - xa Gia Tan.docx",
        "Ghi chu noi bo quy II nam 2024 - xa Gia Tan.docx",
        "Ghi chu noi bo quy III nam 2024 - xa Gia Tan.docx",
    ]


def test_q3_report_opens_in_libreoffice_with_period_commune_and_every_task(demo, tmp_path):
    text = clean(
        pdf_text(demo / "bao-cao" / "Bao cao quy III nam 2024 - xa Gia Tan.docx", tmp_path)
    )
    assert "quý III năm 2024" in text
    # The day of the date line is left for the chairman to write when signing.
    assert "XÃ GIA TÂN" in text and "Gia Tân, ngày tháng 10 năm 2024" in text
    for task in seed.TASKS:
        assert words_in_order(task.task.rstrip("."), text), task.task
    assert "Phạm Duy Thoại" in text


def test_flagged_workbook_opens_in_libreoffice_calc(demo: Path, tmp_path: Path):
    """The local backend's file is a real workbook: LibreOffice reads it and sees the statuses."""
    (converted,) = convert(
        [demo / "ke-hoach-gia-tan-2024.xlsx"], "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path
    )
    rows = list(csv.reader(converted.open(encoding="utf-8")))
    header = next(r for r in rows if "Trạng thái" in r)
    status = header.index("Trạng thái")
    seen = {r[0]: r[status] for r in rows[rows.index(header) + 1 :] if r and r[0].isdigit()}
    assert seen["5"] == "Quá hạn" and seen["6"] == "Hoàn thành đúng hạn"
    assert len(seen) == len(seed.TASKS)
