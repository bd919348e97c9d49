"""The flag job on a thousand-task plan: same outcome as the old openpyxl path, and a second
run the same day rewrites nothing but the run-log row (parts compared byte for byte)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from bench.openpyxl_baseline import OpenpyxlBackend
from bench.synthetic import TODAY, write_plan
from jobs import flag
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.config import Config

pytestmark = pytest.mark.slow  # 10,000-task workbooks

TASKS, PROGRESS_ROWS = 1_000, 10_000
TABS = ["Nhiệm vụ", "Tiến độ", "Nhật ký"]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "plan.xlsx"
    write_plan(path, TASKS, PROGRESS_ROWS)
    return path


def _members(path: Path) -> dict[str, tuple[int, int]]:
    with zipfile.ZipFile(path) as package:
        return {i.filename: (i.CRC, i.compress_size) for i in package.infolist()}


def test_flag_at_scale_matches_the_old_openpyxl_path(plan: Path, tmp_path: Path, cfg: Config):
    ours, old = tmp_path / "ours.xlsx", tmp_path / "old.xlsx"
    shutil.copy(plan, ours)
    shutil.copy(plan, old)
    mine = flag.run(LocalBackend(ours), cfg, today=TODAY)
    theirs = flag.run(OpenpyxlBackend(old), cfg, today=TODAY)
    assert mine.cells_written == theirs.cells_written > 2 * TASKS
    assert mine.statuses == theirs.statuses and len(mine.statuses) >= 5
    assert len(mine.problems) == len(theirs.problems) > 0  # the synthetic slips are noted
    a = LocalBackend(ours).read(TABS)
    b = LocalBackend(old).read(TABS)
    assert a["Nhiệm vụ"] == b["Nhiệm vụ"] and a["Tiến độ"] == b["Tiến độ"]
    assert len(a["Nhật ký"]) == len(b["Nhật ký"]) == 2


def test_a_second_run_the_same_day_changes_only_the_run_log(plan: Path, tmp_path: Path, cfg):
    path = tmp_path / "plan.xlsx"
    shutil.copy(plan, path)
    flag.run(LocalBackend(path), cfg, today=TODAY)
    first = _members(path)
    again = flag.run(LocalBackend(path), cfg, today=TODAY)
    second = _members(path)
    assert again.cells_written == 0
    changed = {name for name in second if first.get(name) != second[name]}
    assert changed == {"xl/worksheets/sheet3.xml"}  # Nhật ký: one more row
    progress_rows = LocalBackend(path).read(["Nhật ký"])["Nhật ký"]
    assert len(progress_rows) == 3
