"""The command line: every command is documented, and mistakes get messages, not tracebacks."""

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sheets_sync.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[str]:
    return sorted(main.commands)


def test_every_command_has_help_text():
    for name in _commands():
        command = main.commands[name]
        assert command.help and len(command.help) > 20, name
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_readme_names_every_command():
    text = README.read_text(encoding="utf-8")
    missing = [n for n in _commands() if not re.search(rf"sheets-sync {n}\b", text)]
    assert not missing, f"README does not document: {missing}"


def test_readme_quick_start_is_two_commands():
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    assert [line for line in block.splitlines() if line.strip()] == ["make demo", "make test"]


def test_every_option_has_help():
    for name in _commands():
        for param in main.commands[name].params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["flag", "--local", "/nonexistent/plan.xlsx"], "Không thấy tệp"),
        (["flag", "--today", "15/10/2024"], "is not a date like 2024-10-15"),
        (["report", "--period", "2024-Q7", "--local", "x.xlsx"], "unknown period"),
        (["flag", "--config", "/nonexistent.toml"], "config file not found"),
    ],
)
def test_mistakes_get_messages_not_tracebacks(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_module_entry_point_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "sheets_sync", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "sheets-sync" in out.stdout


def test_timeframe_command_prints_json_per_text():
    import json

    result = CliRunner().invoke(
        main, ["timeframe", "--plan-year", "2024", "Quý I/2024", "Mỗi tháng 01 kỳ"]
    )
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["kind"], r["due"], r["every"]) for r in rows] == [
        ("deadline", "2024-03-31", None),
        ("recurring", "2024-12-31", "month"),
    ]
