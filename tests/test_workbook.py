"""`init` on the local backend: an empty plan of a config, laid out for officers."""

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheets_sync import contract, seed
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.cli import main
from sheets_sync.config import load
from sheets_sync.identity import PlanIdentity, recorded
from sheets_sync.resources import default_config_path
from sheets_sync.sheet import read_plan

DEMO = default_config_path()


def test_init_without_a_config_says_how_to_get_one_and_writes_nothing(tmp_path: Path):
    path = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["init", "--local", str(path)])
    assert result.exit_code == 2
    assert "sheets-sync import" in result.output and "--config" in result.output
    assert not path.exists()


def test_init_with_a_config_makes_an_empty_plan_with_its_units(tmp_path: Path):
    config = tmp_path / "plan.toml"
    config.write_text(
        DEMO.read_text(encoding="utf-8")
        + '\n[units]\n"Công an xã" = ["CA xã"]\n"Đài truyền thanh xã" = []\n',
        encoding="utf-8",
    )
    path = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["init", "--config", str(config), "--local", str(path)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Nhiệm vụ", "Tiến độ", "Nhật ký"]
    cfg = load(config)
    plan = read_plan(LocalBackend(path).read(wb.sheetnames), cfg)
    assert plan.tasks == []  # an empty plan: no Gia Tân tasks in anybody's workbook
    lists = [r[:2] for r in wb["Danh mục"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert lists == [("Công an xã", "CA xã"), ("Đài truyền thanh xã", None)]
    assert wb["_ke_hoach"].sheet_state == "hidden"
    assert recorded(LocalBackend(path).read(["_ke_hoach"])) == PlanIdentity.of(cfg)


def test_layout_helps_the_people_who_edit_it(workbook: Path):
    wb = openpyxl.load_workbook(workbook)
    tasks, progress = wb["Nhiệm vụ"], wb["Tiến độ"]
    assert tasks.freeze_panes == "C4" and progress.freeze_panes == "A2"
    header = {c.value: c for c in tasks[3]}
    for column in contract.TASKS.columns:
        cell = header[column.label]
        job = column.owner == "job"
        assert cell.fill.fgColor.rgb.endswith(
            contract.JOB_HEADER_COLOUR if job else contract.OFFICER_HEADER_COLOUR
        )
        assert (cell.comment is not None) == job
        assert tasks.column_dimensions[cell.column_letter].width >= 6
    validations = {str(dv.sqref): dv for dv in progress.data_validations.dataValidation}
    lists = {ref: dv.formula1 for ref, dv in validations.items() if dv.type == "list"}
    assert any("Danh mục" in f and "$A$" in f for f in lists.values())  # units
    assert any("Danh mục" in f and "$C$" in f for f in lists.values())  # forms (B: other names)
    assert "=DanhSachSTT" in lists.values()  # task numbers: a named list flag can grow
    assert wb.defined_names["DanhSachSTT"].attr_text.startswith("'Nhiệm vụ'!$A$4:$A$")
    assert all(dv.errorStyle == "warning" for dv in validations.values())
    units = [r[0] for r in wb["Danh mục"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert units == list(seed.UNITS)


def test_init_refuses_to_overwrite_unless_forced(workbook: Path):
    before = workbook.read_bytes()
    refused = CliRunner().invoke(main, ["init", "--config", str(DEMO), "--local", str(workbook)])
    assert refused.exit_code == 2
    assert "--force" in refused.output
    assert workbook.read_bytes() == before
    forced = CliRunner().invoke(
        main, ["init", "--config", str(DEMO), "--local", str(workbook), "--force"]
    )
    assert forced.exit_code == 0
