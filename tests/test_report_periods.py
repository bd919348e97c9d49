"""Which periods `report` writes: only the plan year's, once they have begun; before a period
ends only on request, and then marked "số liệu tạm tính" so it never passes for the period's
report. Refusals exit 2 with a bilingual message and leave the workbook and the folder as they
were (no Nhật ký row either: a mistyped period is not a failed run)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from jobs_fixtures import log_rows, on_server, vn
from report_fixtures import docx_text

from jobs import report as report_job
from sheets_sync.backends.local import LocalBackend
from sheets_sync.cli import main
from sheets_sync.demo import build_demo_workbook
from sheets_sync.job import Context
from sheets_sync.resources import default_config_path


@pytest.fixture
def plan(tmp_path, cfg) -> tuple[Path, Path, list[str]]:
    workbook = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    out = tmp_path / "bao-cao"
    demo = str(default_config_path())  # the demo's plan, named: there is no default
    return workbook, out, ["--config", demo, "--local", str(workbook), "--out", str(out)]


def _report(args: list[str], *period: str, at=None):
    with time_machine.travel(on_server(at or vn(2024, 10, 15, 9, 0)), tick=False):
        return CliRunner().invoke(main, ["report", *args, "--period", *period])


@pytest.mark.parametrize(
    ("period", "says"),
    [
        (["2025-Q1"], "Kỳ quý I năm 2025 không thuộc năm kế hoạch 2024"),
        (["2023"], "Kỳ năm 2023 không thuộc năm kế hoạch 2024"),
        (["2024-Q4"], "Kỳ quý IV năm 2024 chưa kết thúc (hết ngày 31/12/2024)"),
        (["Q4"], "báo cáo chính thức lập được từ ngày 01/01/2025"),
        (["năm"], "Kỳ năm 2024 chưa kết thúc"),
        (["2024-Q4", "--today", "30/09/2024"], "Kỳ quý IV năm 2024 chưa bắt đầu"),
        (["Q3", "--today", "16/10/2024"], "Ngày 16/10/2024 chưa tới"),
        (["Q4", "--provisional", "--today", "01/09/2024"], "chưa bắt đầu"),
        (["quý 5"], "Không hiểu kỳ báo cáo 'quý 5'"),
    ],
)
def test_a_period_the_plan_cannot_report_is_refused_and_nothing_is_written(plan, period, says):
    workbook, out, args = plan
    before = workbook.read_bytes()
    result = _report(args, *period)
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert "(" in result.output.split(says, 1)[1]  # the English follows in parentheses
    assert workbook.read_bytes() == before
    assert not out.exists()


@pytest.mark.slow  # renders a report
def test_a_closed_period_written_as_officers_name_it(plan):
    _workbook, out, args = plan
    result = _report(args, "quý III", "--today", "15/10/2024")
    assert result.exit_code == 0, result.output
    report = out / "Bao cao quy III nam 2024 - xa Gia Tan.docx"
    notes = out / "Ghi chu noi bo quy III nam 2024 - xa Gia Tan.docx"
    assert sorted(out.glob("*.docx")) == [report, notes]
    text = docx_text(report)
    assert "tạm tính" not in text and "đến hết ngày 30/9/2024" in text


@pytest.mark.slow  # renders a report
def test_provisional_figures_are_marked_and_kept_apart_from_the_period_s_report(plan, cfg):
    workbook, out, args = plan
    result = _report(args, "Q4", "--provisional")
    assert result.exit_code == 0, result.output
    document, notes = sorted(out.glob("*.docx"))
    assert document.name == "Bao cao quy IV nam 2024 - xa Gia Tan (so lieu tam tinh).docx"
    assert notes.name == "Ghi chu noi bo quy IV nam 2024 - xa Gia Tan (so lieu tam tinh).docx"
    text = docx_text(document)
    assert "(Số liệu tạm tính đến ngày 15/10/2024)" in text  # under the title
    assert (
        "(số liệu tạm tính từ ngày 01/10/2024 đến hết ngày 15/10/2024; kỳ báo cáo kết thúc ngày "
        "31/12/2024)" in text
    )
    assert "ngày 15 tháng 10 năm 2024" in text  # dated: its figures run to that day
    (row,) = [r for r in log_rows(workbook) if r["job"] == "report"]
    assert row["counts"].startswith(
        "Báo cáo quý IV năm 2024 (số liệu tạm tính đến ngày 15/10/2024)"
    )
    # When the quarter has closed, catch-up still owes its report: the provisional one is not it.
    backend = LocalBackend(workbook, out)
    closed = Context(backend, cfg, vn(2025, 1, 2, 7, 0))
    assert "2024-Q4" in report_job.owed(closed)


def test_the_provisional_report_has_its_own_identity(cfg):
    from sheets_sync.periods import reporting_period
    from sheets_sync.report import report_name

    period = reporting_period("2024-Q4")
    final, early = report_name(period, cfg), report_name(period, cfg, date(2024, 10, 15))
    assert final.key == "report:2024-Q4" and early.key == "report:2024-Q4:provisional"
    assert early.title == f"{final.title} (số liệu tạm tính đến ngày 15/10/2024)"
    assert early.filename != final.filename and "tam tinh" in early.filename
    # Dated as the body and the notes date it (Nghị định 30: no leading zero in the month).
    september = report_name(reporting_period("2024-Q3"), cfg, date(2024, 9, 5))
    assert september.title.endswith("(số liệu tạm tính đến ngày 05/9/2024)")
