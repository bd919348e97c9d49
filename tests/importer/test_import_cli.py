"""`sheets-sync import` on the local backend, then `flag` without --config: the issue's
"Checked by" as a test."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync.backends.local import LocalBackend
from sheets_sync.cli import main
from sheets_sync.config import load
from sheets_sync.sheet import read_plan
from tests.importer.plan_corpus import CCHC_YEN_DONG, CDS_DONG_SON, PlanDoc


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def imported(tmp_path: Path):
    """CCHC_YEN_DONG (a 2025 plan of another commune) imported into a new workbook."""
    document = CCHC_YEN_DONG.write(tmp_path)
    out = tmp_path / "ke-hoach-45.xlsx"
    result = run("import", str(document), "--local", str(out))
    assert result.exit_code == 0, result.output
    return document, out, result.output


def _sheet_tasks(out: Path):
    cfg = load(out.with_suffix(".toml"))
    tabs = [cfg.sheet.tab_title(t) for t in (__import__("sheets_sync").contract.TABS)]
    return read_plan(LocalBackend(out).read(tabs), cfg).tasks


def test_import_writes_every_task_its_group_and_units_and_the_plan_s_config(imported):
    _, out, output = imported
    assert "45/KH-UBND · ngày 12/03/2025 · năm kế hoạch 2025" in output
    tasks = _sheet_tasks(out)
    assert [(t.stt, t.name, t.lead, t.timeframe.text) for t in tasks] == [
        (w.stt, w.task, w.lead, w.timeframe) for w in CCHC_YEN_DONG.tasks
    ]
    book = openpyxl.load_workbook(out)
    header = [c.value for c in book["Nhiệm vụ"][3]]
    groups = [
        r[header.index("Nhóm")] for r in book["Nhiệm vụ"].iter_rows(min_row=4, values_only=True)
    ]
    assert groups == [w.group for w in CCHC_YEN_DONG.tasks]
    units = [r[0] for r in book["Danh mục"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert "Công chức Tư pháp - Hộ tịch" in units and "Công chức Văn phòng - Thống kê" in units
    cfg = load(out.with_suffix(".toml"))
    assert (cfg.plan.year, cfg.plan.number, cfg.organisation.commune) == (
        2025,
        "45/KH-UBND",
        "xã Yên Đồng",
    )
    assert cfg.report.signer_name == "Trần Văn Hùng"
    text = out.with_suffix(".toml").read_text(encoding="utf-8") + str(units)
    assert "Gia Tân" not in text and "2024" not in text


def test_flag_without_config_judges_the_plan_in_its_own_year(imported):
    _, out, _ = imported
    result = run("flag", "--local", str(out), "--today", "2025-10-15", "--write")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    rows = list(book["Nhiệm vụ"].iter_rows(min_row=3, values_only=True))
    header = list(rows[0])
    by_stt = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    assert by_stt["II.1"]["Trạng thái"] == "Quá hạn"  # Quý I/2025, not done by 15/10/2025
    assert by_stt["I.1"]["Hạn (tự động)"] is not None
    notes = " ".join(str(r["Ghi chú tự động"] or "") for r in by_stt.values())
    assert "năm kế hoạch" not in notes  # no task is out of its plan's year
    assert {r["Hạn (tự động)"].year for r in by_stt.values() if r["Hạn (tự động)"]} == {2025}


def test_a_second_import_into_a_workbook_with_tasks_is_refused_unless_appended(imported, tmp_path):
    document, out, _ = imported
    before = out.read_bytes()
    refused = run("import", str(document), "--local", str(out))
    assert refused.exit_code == 2
    assert "--append" in refused.output and "Nothing was written" in refused.output
    assert out.read_bytes() == before
    added = run("import", str(document), "--local", str(out), "--append")
    assert added.exit_code == 0, added.output
    numbers = [t.stt for t in _sheet_tasks(out)]
    assert len(numbers) == 2 * len(CCHC_YEN_DONG.tasks) and len(set(numbers)) == len(numbers)
    assert "I.1 (2)" in numbers


def test_dry_run_prints_what_it_read_and_writes_nothing(tmp_path: Path):
    document = CDS_DONG_SON.write(tmp_path)
    out = tmp_path / "cds.xlsx"
    result = run("import", str(document), "--local", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "6 nhiệm vụ từ 1 bảng" in result.output and "nothing written" in result.output
    assert not out.exists() and not out.with_suffix(".toml").exists()


def test_flag_on_a_workbook_that_names_no_plan_stops_and_changes_nothing(tmp_path: Path):
    out = tmp_path / "tu-lam.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Nhiệm vụ"
    book.active.append(["STT", "Nhiệm vụ cụ thể", "Thời gian thực hiện"])
    book.active.append([1, "Họp", "Quý I/2025"])
    book.save(out)
    before = out.read_bytes()
    result = run("flag", "--local", str(out))
    assert result.exit_code == 2
    assert "sheets-sync import" in result.output and "--config" in result.output
    assert out.read_bytes() == before


def test_a_config_of_another_plan_is_refused_before_anything_is_written(imported, tmp_path):
    _, out, _ = imported
    other: PlanDoc = CDS_DONG_SON
    other_out = tmp_path / "khac.xlsx"
    assert run("import", str(other.write(tmp_path)), "--local", str(other_out)).exit_code == 0
    before = out.read_bytes()
    result = run("flag", "--config", str(other_out.with_suffix(".toml")), "--local", str(out))
    assert result.exit_code == 2
    assert "28/KH-UBND năm 2024" in result.output and "45/KH-UBND năm 2025" in result.output
    assert "--config ke-hoach-45.toml" in result.output
    assert out.read_bytes() == before


def test_a_plan_that_cannot_be_read_exits_2_with_its_message(tmp_path: Path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = run("import", str(bad), "--local", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "is an image; save the plan as .docx" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.xlsx").exists()


def test_notes_show_examples_in_the_plan_s_own_year(imported):
    _, out, _ = imported
    book = openpyxl.load_workbook(out)
    book["Tiến độ"].append(["31/02/2025", "I.1", "Công chức Tư pháp - Hộ tịch", "Tin bài"])
    book.save(out)
    assert run("flag", "--local", str(out), "--today", "2025-10-15", "--write").exit_code == 0
    note = openpyxl.load_workbook(out)["Tiến độ"]["A2"].comment
    assert note is not None and "15/03/2025" in note.text and "2024" not in note.text


def test_tasks_of_another_plan_appended_stay_under_the_workbook_s_plan(imported, tmp_path):
    _, out, _ = imported
    config_before = out.with_suffix(".toml").read_text(encoding="utf-8")
    other = CDS_DONG_SON.write(tmp_path)
    refused = run("import", str(other), "--local", str(out))
    assert refused.exit_code == 2
    added = run("import", str(other), "--local", str(out), "--append")
    assert added.exit_code == 0, added.output
    assert out.with_suffix(".toml").read_text(encoding="utf-8") == config_before
    assert len(_sheet_tasks(out)) == len(CCHC_YEN_DONG.tasks) + len(CDS_DONG_SON.tasks)
    assert run("flag", "--local", str(out), "--today", "2025-10-15", "--write").exit_code == 0


def test_a_hand_made_workbook_gets_the_tasks_a_progress_tab_and_its_plan(tmp_path: Path):
    out = tmp_path / "tu-lam.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Nhiệm vụ"
    book.active.append(["KẾ HOẠCH CỦA XÃ"])
    book.active.append(["STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian thực hiện"])
    book.save(out)
    document = CDS_DONG_SON.write(tmp_path)
    result = run("import", str(document), "--local", str(out))
    assert result.exit_code == 0, result.output
    saved = openpyxl.load_workbook(out)
    assert [c.value for c in saved["Tiến độ"][1]][:3] == ["Ngày", "STT nhiệm vụ", "Đơn vị"]
    assert saved["_ke_hoach"].sheet_state == "hidden"
    header = [c.value for c in saved["Nhiệm vụ"][2]]
    assert header[-1] == "Nhóm"
    assert [t.stt for t in _sheet_tasks(out)] == [w.stt for w in CDS_DONG_SON.tasks]
    assert run("flag", "--local", str(out), "--today", "2024-10-15", "--write").exit_code == 0


def test_a_unit_the_office_renamed_in_danh_muc_is_not_listed_again(imported):
    """The office renamed a unit and kept the plan's spelling under 'Tên gọi khác': tasks
    appended from the plan find the unit by that spelling, and Danh mục keeps one row for it."""
    document, out, _ = imported
    book = openpyxl.load_workbook(out)
    tab = book["Danh mục"]
    header = [c.value for c in tab[1]]
    row = next(r for r in tab.iter_rows(min_row=2) if r[0].value == "Công chức Tư pháp - Hộ tịch")
    row[0].value = "Bộ phận Tư pháp"
    row[header.index("Tên gọi khác")].value = "Công chức Tư pháp - Hộ tịch"
    book.save(out)

    added = run("import", str(document), "--local", str(out), "--append")

    assert added.exit_code == 0, added.output
    names = [r[0] for r in openpyxl.load_workbook(out)["Danh mục"].iter_rows(values_only=True)]
    assert names.count("Bộ phận Tư pháp") == 1
    assert "Công chức Tư pháp - Hộ tịch" not in names
