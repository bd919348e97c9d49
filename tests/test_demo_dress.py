"""`sheets-sync demo --config`: the sample plan shown in an office's own dress (its commune,
tab names and report settings), so an office sees its sheet and reports before its plan is in."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from report_fixtures import config_variant, docx_text

from sheets_sync.cli import main


@pytest.mark.slow  # renders three reports
def test_the_demo_in_an_office_s_dress(tmp_path):
    dress = config_variant(
        tmp_path,
        extra='\n[units]\n"Đài Truyền thanh xã" = ["Đài TT"]\n',
        **{
            "organisation.commune": 'commune = "xã Mỹ Lộc"',
            "organisation.name": 'name = "XÃ MỸ LỘC"',
            "sheet.tasks_tab": 'tasks_tab = "Danh sách nhiệm vụ"',
            "report.signer_name": 'signer_name = "Nguyễn Văn An"',
            "plan.year": "year = 2025",
        },
    )
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--config", str(dress.source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Kế hoạch mẫu Gia Tân 2024, trình bày theo cấu hình" in result.stderr
    workbook = next(out.glob("*.xlsx"))
    assert "Danh sách nhiệm vụ" in openpyxl.load_workbook(workbook).sheetnames
    reports = sorted(p.name for p in (out / "bao-cao").glob("Bao cao *"))  # not the notes
    assert reports[-1] == "Bao cao quy III nam 2024 - xa My Loc.docx"  # the sample plan's year
    text = docx_text(out / "bao-cao" / reports[-1])
    assert "XÃ MỸ LỘC" in text and "Nguyễn Văn An" in text


def test_demo_and_timeframe_take_the_config_like_every_command(tmp_path):
    dress = config_variant(tmp_path, **{"plan.year": "year = 2025"})
    for command in ("demo", "timeframe"):
        params = {p.name for p in main.commands[command].params}
        assert "config_path" in params, command
    result = CliRunner().invoke(main, ["timeframe", "--config", str(dress.source), "Hằng quý"])
    assert result.exit_code == 0, result.output
    assert '"due": "2025-12-31"' in result.stdout and "Năm kế hoạch" not in result.stderr
    env = {"SHEETS_SYNC_CONFIG": str(dress.source)}
    from_env = CliRunner(env=env).invoke(main, ["timeframe", "Quý I"])
    assert '"due": "2025-03-31"' in from_env.stdout


def test_timeframe_without_a_plan_says_which_year_it_took(monkeypatch):
    monkeypatch.delenv("SHEETS_SYNC_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["timeframe", "Hằng quý"])
    assert result.exit_code == 0
    assert "Năm kế hoạch: " in result.stderr and "(năm nay)" in result.stderr
    wrong = CliRunner().invoke(main, ["timeframe", "--nope"], prog_name="sheets-sync")
    assert wrong.exit_code == 2
    assert "Usage: sheets-sync timeframe" in wrong.output  # its own usage line
    assert "python -m" not in wrong.output
