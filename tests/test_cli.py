"""The command line: every command is documented, and mistakes get messages, not tracebacks."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sheets_sync.cli import main, parse_day
from sheets_sync.resources import default_config_path

DEMO = str(default_config_path())

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
        (["flag", "--config", DEMO, "--local", "/nonexistent/plan.xlsx"], "Không thấy tệp"),
        (["flag", "--local", "/nonexistent/plan.xlsx"], "there is no default plan"),
        (["flag", "--today", "31/02/2024"], "'31/02/2024' không phải một ngày"),
        (["flag", "--today", "15/10"], "ghi ngày/tháng/năm"),
        (["flag", "--today", "hôm qua"], "(Not a date: write DD/MM/YYYY or YYYY-MM-DD.)"),
        (["flag", "--config", "/nonexistent.toml"], "không thấy tệp cấu hình"),
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


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15/10/2024", date(2024, 10, 15)),
        ("5/3/2025", date(2025, 3, 5)),
        ("05-03-2025", date(2025, 3, 5)),
        ("15.10.2024", date(2024, 10, 15)),
        ("2024-10-15", date(2024, 10, 15)),
    ],
)
def test_today_is_read_as_officers_write_a_date(text, day):
    assert parse_day(text) == day


def test_results_go_to_stdout_and_the_log_to_stderr_in_the_plan_s_time_zone(workbook):
    import os

    env = {**os.environ, "TZ": "UTC"}  # the server's clock zone is not the plan's
    argv = [sys.executable, "-m", "sheets_sync", "flag", "--config", DEMO, "--local", str(workbook)]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    (summary,) = done.stdout.splitlines()  # the result, once
    assert summary.startswith("8 nhiệm vụ (") and summary.endswith("0 lỗi dữ liệu")
    assert summary not in done.stderr  # a run by hand logs warnings only
    verbose = subprocess.run([*argv[:3], "-v", *argv[3:]], capture_output=True, text=True, env=env)
    assert verbose.stdout.splitlines() == [summary.replace("24 ô", "0 ô")]
    lines = verbose.stderr.splitlines()
    assert any("flag: done in" in line for line in lines)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0700 [A-Z]+ ", line) for line in lines)


DOCS = [README, *sorted((README.parent / "docs").glob("*.md"))]
_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
_SPAN = re.compile(r"`([^`\n]+)`")
_USE = re.compile(r"sheets-sync (?:-v )?([a-z]+)(?=\s|$)([^|]*)")  # up to a shell pipe


def _shown_commands() -> list[tuple[str, str, str]]:
    """(doc, command, the rest of its line) for every `sheets-sync COMMAND …` in code."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        code = [line for block in _FENCE.findall(text) for line in block.splitlines()]
        code += _SPAN.findall(_FENCE.sub("", text))
        for line in code:
            for m in _USE.finditer(line.replace("\\\n", " ")):
                found.append((doc.name, m.group(1), m.group(2)))
    return found


def test_every_command_and_option_the_docs_show_exists():
    shown = _shown_commands()
    assert len(shown) > 30  # the check reads what it should
    wrong = []
    for doc, name, rest in shown:
        command = main.commands.get(name)
        if command is None:
            wrong.append(f"{doc}: no command {name!r}")
            continue
        opts = {o for p in command.params for o in getattr(p, "opts", [])} | {"--help"}
        wrong += [
            f"{doc}: {name} has no {o}" for o in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest)
            if o not in opts
        ]  # fmt: skip
    assert wrong == []


def test_the_readme_shows_every_option_of_the_commands_it_lists():
    text = README.read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("Exit status", 1)[0]
    shared = {p.name for p in main.commands["serve"].params}  # said once above the table
    for name in ("flag", "report", "demo", "timeframe"):
        (row,) = [line for line in table.splitlines() if line.startswith(f"| `sheets-sync {name}")]
        command = main.commands[name]
        backend = any(p.name == "google" for p in command.params)
        own = [p for p in command.params if not (backend and p.name in shared)]
        missing = [p.opts[0] for p in own if not any(o in row for o in p.opts)]
        assert missing == [], f"README's {name} row does not show {missing}"
