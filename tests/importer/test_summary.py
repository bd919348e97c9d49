"""What import prints: the header, every task, what it could not read and what it cannot date."""

from __future__ import annotations

from pathlib import Path

from sheets_sync.importer import read_plan
from sheets_sync.importer.summary import summary_lines
from tests.importer.plan_corpus import CCHC_YEN_DONG, PCTT_TAN_BINH
from tests.importer.test_rows import HEADER, _plan


def test_the_summary_shows_the_header_every_task_and_its_groups(tmp_path: Path):
    text = "\n".join(summary_lines(read_plan(CCHC_YEN_DONG.write(tmp_path), fallback_year=2000)))
    assert "Kế hoạch cải cách hành chính năm 2025" in text
    assert "45/KH-UBND · ngày 12/03/2025 · năm kế hoạch 2025" in text
    assert "Trần Văn Hùng" in text
    assert "7 nhiệm vụ từ 1 bảng" in text
    for want in CCHC_YEN_DONG.tasks:
        assert f"\n  {want.stt} " in text
    assert "[II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH]" in text
    assert "timeframes not understood): III.1 'Theo quy định'" in text


def test_the_summary_lists_each_problem_with_where_it_is(tmp_path: Path):
    lines = summary_lines(_plan(tmp_path, [HEADER, ["1", "Họp", "Văn phòng", ""]]))
    assert lines[-2].startswith("Chưa đọc được (1")
    assert lines[-1].startswith("  bảng 2, dòng 2: Nhiệm vụ 1 không có thời gian thực hiện")


def test_a_plan_read_whole_has_no_problem_section(tmp_path: Path):
    lines = summary_lines(read_plan(PCTT_TAN_BINH.write(tmp_path), fallback_year=2000))
    assert not any(line.startswith("Chưa đọc được") for line in lines)
