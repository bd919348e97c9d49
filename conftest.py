"""What the usage examples in the library's docstrings run against (``pytest --doctest-modules``,
part of ``make test``): the demo plan, so an example that goes stale fails like any test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

collect_ignore = ["sheets_sync/__main__.py"]  # importing it would run the command line


@pytest.fixture(autouse=True)
def _usage_examples(request: pytest.FixtureRequest) -> None:
    """``cfg`` (the bundled demo config), ``backend`` (the demo workbook, a fresh copy per
    example), ``state_dir`` and ``date``, as the docstrings' usage blocks name them."""
    if type(request.node).__name__ != "DoctestItem":
        return
    doctest_namespace: dict = request.getfixturevalue("doctest_namespace")
    tmp_path: Path = request.getfixturevalue("tmp_path")
    monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
    from sheets_sync.backends.local import LocalBackend
    from sheets_sync.config import load
    from sheets_sync.demo import build_demo_workbook

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    cfg = load(None)
    build_demo_workbook(tmp_path / "ke-hoach.xlsx", cfg)
    doctest_namespace.update(
        cfg=cfg,
        backend=LocalBackend(tmp_path / "ke-hoach.xlsx", tmp_path / "bao-cao"),
        state_dir=tmp_path / "state",
        date=date,
    )
