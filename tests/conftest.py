"""Shared fixtures: the default config and a freshly initialised plan workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sheets_sync import seed
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.config import Config, load


@pytest.fixture(autouse=True)
def _state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every job command takes a lock in the state folder: keep the tests' out of the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)


@pytest.fixture(scope="session")
def cfg() -> Config:
    return load(None)


@pytest.fixture
def workbook(tmp_path: Path, cfg: Config) -> Path:
    """A workbook made by `init` with the seed plan's 8 tasks."""
    path = tmp_path / "ke-hoach.xlsx"
    create_workbook(path, cfg, seed.TASKS)
    return path


def all_values(path: Path) -> dict[tuple[str, int, int], object]:
    """Every non-empty cell value of a workbook, keyed by (tab, row, column), formulas as text."""
    wb = openpyxl.load_workbook(path)
    values = {
        (ws.title, cell.row, cell.column): cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }
    wb.close()
    return values
