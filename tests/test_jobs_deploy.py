"""The deployment files say what the program does: every command in deploy/ runs, and the
environment the systemd unit gives (config path, StateDirectory) is the one the code reads."""

from __future__ import annotations

import configparser
import shlex

import pytest
import time_machine
from click.testing import CliRunner
from jobs_fixtures import ROOT, demo_plan, on_server, rows_of, vn

from sheets_sync.cli import main
from sheets_sync.config import load
from sheets_sync.resources import default_config_path

pytestmark = pytest.mark.slow  # runs the deploy files' commands as processes

DEPLOY = ROOT / "deploy"
BINARY = "/opt/sheets-sync/.venv/bin/sheets-sync"


def _cron_commands() -> list[list[str]]:
    """sheets-sync's arguments on every crontab line, the commented alternatives included."""
    commands = []
    for line in (DEPLOY / "crontab.example").read_text(encoding="utf-8").splitlines():
        if BINARY in line:
            args = line.split(BINARY, 1)[1].split("2>&1", 1)[0]
            commands.append(shlex.split(args))
    return commands


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # keys are case-sensitive in unit files
    unit.read(DEPLOY / "sheets-sync.service", encoding="utf-8")
    return unit


def _env_example() -> dict[str, str]:
    lines = (DEPLOY / "sheets-sync.env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.lstrip("#").split("=", 1) for line in lines if "=" in line]
    return {k.strip(): v.strip() for k, v in pairs if k.strip().isupper()}


def test_the_crontab_has_the_catch_up_line_and_the_fixed_time_alternative():
    commands = _cron_commands()
    assert commands[0][:4] == ["run", "flag", "report", "--if-owed"]
    assert {c[1] for c in commands[1:]} == {"flag", "report"}


@pytest.mark.parametrize("command", _cron_commands(), ids=lambda c: " ".join(c[:4]))
def test_every_crontab_command_runs(tmp_path, cfg, command):
    backend = demo_plan(tmp_path, cfg)
    state = tmp_path / "state"
    args = [str(state) if a == "/var/lib/sheets-sync" else a for a in command]
    local = ["--local", str(backend.path), "--out", str(backend.out_dir)]
    env = {"SHEETS_SYNC_CONFIG": str(default_config_path())}  # as the crontab sets it
    with time_machine.travel(on_server(vn(2024, 10, 2, 7, 10)), tick=False):
        result = CliRunner(env=env).invoke(main, [*args, *local])
    assert result.exit_code == 0, result.output
    assert rows_of(backend.path, command[1], "Thành công")  # it did its work
    assert list(state.glob(f"{command[1]}-*.lock"))  # under the lock, in the given folder


def test_the_service_runs_serve_with_the_environment_the_code_reads(tmp_path, monkeypatch):
    service = _unit()["Service"]
    program, *args = shlex.split(service["ExecStart"])
    assert program == BINARY and args == ["serve"]
    assert CliRunner().invoke(main, [*args, "--help"]).exit_code == 0
    assert service["Restart"] == "on-failure" and service["User"] == "sheets-sync"
    assert "KillSignal" not in service  # SIGTERM, which serve handles
    # The env file names the config by the variable --config reads.
    assert set(_env_example()) == {"SHEETS_SYNC_CONFIG", "GOOGLE_APPLICATION_CREDENTIALS"}
    envvar = next(p for p in main.commands["serve"].params if p.name == "config_path").envvar
    assert envvar == "SHEETS_SYNC_CONFIG"
    # StateDirectory=sheets-sync makes systemd set $STATE_DIRECTORY; locks go there.
    assert service["StateDirectory"] == "sheets-sync"
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path / "var-lib-sheets-sync"))
    assert load(None).state_dir == tmp_path / "var-lib-sheets-sync"
