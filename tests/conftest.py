"""Shared fixtures: the default config and a freshly initialised plan workbook."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import settings

from sheets_sync import seed
from sheets_sync.backends.google import quota
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.config import Config, load

# Property tests in `make test` are repeatable: the same examples on every run and machine, so a
# rare example can never fail a landing by chance; a failure prints the blob that replays it.
# `make explore` runs them with many more random examples.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=2_000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """LibreOffice takes seconds to start, the messy corpus runs 40 workbooks on two backends
    and the reliability scenarios many seeds: all are ``slow``, left out of the inner loop
    (``pytest -m "not slow"``) and run by ``make test``."""
    corpora = [Path(__file__).parent / name for name in ("reliability", "messy")]
    for item in items:
        if item.get_closest_marker("libreoffice") or any(c in item.path.parents for c in corpora):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every job command takes a lock in the state folder: keep the tests' out of the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The local backend keeps a writer lock per workbook in the temp folder; the suite makes
    thousands of workbooks, so their locks go to this run's folder (pytest prunes old runs),
    not the machine's /tmp. Subprocesses the tests start inherit it through TMPDIR."""
    folder = tmp_path_factory.mktemp("tmp")
    before = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(folder), str(folder)
    yield
    if before[0] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before[0]
    tempfile.tempdir = before[1]


@pytest.fixture(autouse=True)
def own_pacer() -> Iterator[quota.Pacer]:
    """Each test paces Google requests on its own: the process's pacer would carry one test's
    minute into the next (a worker runs hundreds of tests on the fake Google). Its clock is so
    fast that tests not about quotas never wait; the quota tests install one on the fake's."""
    previous = quota.install(quota.Pacer(quota.Clock(speed=100_000)))
    yield quota.shared()
    quota.install(previous)


@pytest.fixture(scope="session")
def cfg() -> Config:
    return load(None)


@pytest.fixture
def workbook(tmp_path: Path, cfg: Config) -> Path:
    """A workbook made by `init` with the seed plan's 8 tasks."""
    path = tmp_path / "ke-hoach.xlsx"
    create_workbook(path, cfg, seed.TASKS, units=seed.UNIT_LIST)
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
