"""The unit for a folder of plans says what the program does: its command is ``serve --plans``
on a folder the hardened service may write, with options serve accepts (serving such a folder
is tests/test_serve_plans.py's)."""

from __future__ import annotations

import configparser
import shlex

from jobs_fixtures import ROOT
from plans_fixtures import plan_folder

from sheets_sync.cli import main

UNIT = ROOT / "deploy" / "sheets-sync-plans.service"


def service() -> configparser.SectionProxy:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(UNIT, encoding="utf-8")
    return unit["Service"]


def test_the_unit_serves_a_folder_inside_its_own_writable_state_directory():
    unit = service()
    program, *args = shlex.split(unit["ExecStart"])
    assert program == "/opt/sheets-sync/.venv/bin/sheets-sync"
    assert args[:2] == ["serve", "--plans"]
    folder = args[2]
    assert folder.startswith(f"/var/lib/{unit['StateDirectory']}/")  # writable under strict
    assert unit["ProtectSystem"] == "strict" and unit["User"] == "sheets-sync"
    assert "EnvironmentFile" not in unit  # each plan's config names its own backend and key


def test_the_units_command_line_is_one_serve_accepts(tmp_path):
    folder = plan_folder(tmp_path, ["xã Gia Tân"])
    _, *args = shlex.split(service()["ExecStart"])
    args = [str(folder) if a.startswith("/var/lib/") else a for a in args]
    command = main.commands["serve"]
    with command.make_context("serve", args[1:]) as ctx:
        assert ctx.params["plans_dir"] == folder
        assert ctx.params["workers"] == 4
