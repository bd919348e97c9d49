"""Security: text that looks like a formula stays text everywhere and reads literally in the
reports; template output is escaped; no key or token reaches output, logs, the sheet or Drive;
a readable key or token file gets a warning; nothing in the config or the sheet can make the
jobs write outside the output folder."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobs import flag, report
from sheets_sync.backends.google.http_client import EMULATOR_ENV
from sheets_sync.backends.local.state import NAME as STATE_NAME
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.cli import main
from sheets_sync.config import Config, load
from sheets_sync.model import BackendError, Document
from sheets_sync.text import clean
from tests.fake_google import FakeGoogle, Fault
from tests.messy.books import GooglePlan, LocalPlan
from tests.messy.corpus import PROGRESS, TASKS, TODAY, base
from tests.reliability.crashes import _google_config
from tests.reliability.day import NOW, Plan, observe
from tests.report_fixtures import docx_text, poppler, to_pdf

INJECTIONS = [
    '=IMPORTXML("http://evil.example/x","//a")',
    '=HYPERLINK("http://evil.example","Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}",
    "</w:t></w:r><w:r><w:t>chèn & <b>đậm</b>",
]


def _injected_book():
    """The corpus's base plan with formula-like and markup-like text in every kind of cell the
    reports quote: task names (task 3 is overdue: it is listed as late), a lead unit, a form, a
    unit of the progress log, and an unknown task number (a data problem)."""
    book = base()
    tasks, progress = book[TASKS], book[PROGRESS]
    for stt, text in zip((1, 3, 4, 6, 7, 8), INJECTIONS, strict=True):
        tasks.put(book.ref(stt, "Nhiệm vụ cụ thể"), text)
    tasks.put(book.ref(2, "Cơ quan chủ trì"), INJECTIONS[1])
    for row in progress.rows[1:]:
        if row[1] == 5 and row[0].month == 9:  # a Q3 row: the report lists its unit and form
            row[2], row[3] = INJECTIONS[5], INJECTIONS[0]
    progress.rows[3][1] = INJECTIONS[3]  # an STT that names no task
    return book


@pytest.fixture(params=["local", "google"])
def injected(request, tmp_path: Path, cfg: Config):
    if request.param == "local":
        return LocalPlan(tmp_path, cfg, _injected_book())
    return GooglePlan(request.getfixturevalue("fake"), tmp_path, cfg, _injected_book())


def test_formula_like_text_is_never_written_as_a_formula_and_reads_literally(injected):
    plan = injected
    formulas = plan.formulas()
    flag.run(plan.backend, plan.cfg, today=TODAY, now=NOW)
    done = report.run(plan.backend, plan.cfg, period="2024-Q3", today=TODAY, now=NOW)
    assert plan.formulas() == formulas == {}  # no cell became a formula, job cells included
    if isinstance(plan, LocalPlan):
        content = Path(done.location).read_bytes()
    else:
        (doc,) = [
            f
            for f in plan.fake.drive.files.values()
            if f.mime_type.endswith("document") and f.name.startswith("Báo cáo")
        ]
        content = doc.content
        writes = [r.json for r in plan.fake.requests if r.method_id.endswith("ByDataFilter")]
        assert writes and all(w["valueInputOption"] == "RAW" for w in writes)
        bodies = json.dumps([r.json for r in plan.fake.requests if r.json])
        assert "formulaValue" not in bodies
    text = docx_text(content)
    for injection in INJECTIONS:
        assert injection in text, injection  # as typed: no formula, no tag, no markup ran
    assert "49 xxx" not in text  # what {{ 7*7 }} {% for ... %} would have rendered


@pytest.mark.libreoffice
def test_libreoffice_shows_the_injected_text_as_typed(tmp_path: Path, cfg: Config):
    plan = LocalPlan(tmp_path, cfg, _injected_book())
    flag.run(plan.backend, cfg, today=TODAY, now=NOW)
    done = report.run(plan.backend, cfg, period="2024-Q3", today=TODAY, now=NOW)
    (pdf,) = to_pdf([Path(done.location)], tmp_path / "pdf")
    text = clean(poppler("pdftotext", "-layout", str(pdf), "-"))
    for injection in ("=IMPORTXML(", "{{ 7*7 }}", "chèn & <b>đậm</b>", "@SUM(1+1)"):
        assert injection in text, injection


# --- secrets --------------------------------------------------------------------------------------


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output


def test_no_key_or_token_reaches_output_logs_the_sheet_or_drive(
    fake: FakeGoogle, tmp_path: Path, caplog, monkeypatch
):
    """Every path that prints or records a message, the failures included: a run, a check, a
    Google outage past the deadline, a sheet no longer shared, a missing sheet, and a job
    failing under `run` (its Nhật ký row). Then grep it all for the key and every token."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{fake.port}")
    plan = Plan.on(fake, tmp_path)
    config = _google_config(plan, tmp_path)
    state = tmp_path / "state"
    outputs = [
        _cli("-v", "flag", "--google", "--config", str(config)),
        _cli("-v", "report", "--google", "--config", str(config), "--period", "2024-Q3"),
        _cli("-v", "check", "--config", str(config)),
    ]
    fake.fail(Fault(status=503), where=lambda r: r.api == "sheets", times=10**6)
    short = tmp_path / "short.toml"
    short.write_text(config.read_text() + "timeout = 1\ndeadline = 2\n", encoding="utf-8")
    outputs.append(_cli("-v", "flag", "--google", "--config", str(short)))
    fake.faults.clear()
    (book,) = fake.spreadsheets.values()
    shared = dict(fake.drive.files[book.id].permissions)
    fake.drive.files[book.id].permissions.clear()
    outputs.append(
        _cli("-v", "run", "flag", "--google", "--config", str(config), "--state-dir", str(state))
    )
    fake.drive.files[book.id].permissions.update(shared)
    outputs.append(_cli("-v", "flag", "--config", str(config), "--spreadsheet-id", "1nope"))
    outputs.append(
        _cli("-v", "run", "flag", "--google", "--config", str(config), "--state-dir", str(state))
    )
    everything = "\n".join(outputs) + caplog.text + json.dumps(observe(fake), ensure_ascii=False)
    everything += "".join(p.read_text(errors="replace") for p in state.glob("*"))
    assert "Google chưa trả lời được" in everything and "chia sẻ" in everything  # failures ran
    secrets = [line for line in plan.key["private_key"].splitlines() if "-----" not in line]
    secrets += [plan.key["private_key_id"], *fake.oauth.issued]
    assert fake.oauth.issued
    assert [s for s in secrets if s in everything] == []


def test_a_key_or_token_file_others_can_read_gets_a_warning(
    fake: FakeGoogle, tmp_path: Path, caplog, monkeypatch
):
    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{fake.port}")
    plan = Plan.on(fake, tmp_path)
    config = _google_config(plan, tmp_path)
    caplog.set_level(logging.WARNING)
    _cli("flag", "--google", "--config", str(config))
    assert "can be read by other users" not in caplog.text  # 600: quiet
    for mode in (0o640, 0o604):
        caplog.clear()
        plan.key_path.chmod(mode)
        _cli("flag", "--google", "--config", str(config))
        assert f"{plan.key_path} can be read by other users" in caplog.text
        assert "chmod 600" in caplog.text
    client = fake.oauth_client()
    token = tmp_path / "google-token.json"
    token.write_text(json.dumps(fake.user_token(client, "canbo@gmail.com", ["x"])))
    token.chmod(0o644)
    caplog.clear()
    from sheets_sync.backends.google.auth import load_user

    load_user(token, ["https://www.googleapis.com/auth/drive.file"])
    assert f"{token} can be read by other users" in caplog.text


# --- paths ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "commune",
    ["../../../etc/cron.d/sheets", "/etc/passwd", "..", "x" * 400, "C:\\Windows\\system.ini"],
)
def test_nothing_in_the_config_makes_a_report_land_outside_the_output_folder(
    tmp_path: Path, commune: str
):
    cfg = load(None)
    cfg = replace(cfg, organisation=replace(cfg.organisation, commune=commune))
    (tmp_path / "site").mkdir()
    plan = LocalPlan(tmp_path / "site", cfg, base())
    plan.out = tmp_path / "site" / "bao-cao"
    before = set(tmp_path.rglob("*"))
    done = report.run(
        LocalBackend(plan.path, plan.out), cfg, period="2024-Q3", today=TODAY, now=NOW
    )
    made = set(tmp_path.rglob("*")) - before
    assert made == {plan.out, Path(done.location), Path(done.notes_location), plan.out / STATE_NAME}
    for path in (Path(done.location), Path(done.notes_location)):
        assert path.parent == plan.out
        assert len(path.name.encode()) < 255


@pytest.mark.parametrize(
    "filename", ["../escape.docx", "/tmp/abs.docx", "sub/x.docx", ".hidden.docx", "", "a\\b.docx"]
)
def test_the_local_backend_refuses_a_document_name_that_is_not_a_plain_name(
    tmp_path: Path, filename: str
):
    backend = LocalBackend(tmp_path / "plan.xlsx", tmp_path / "out")
    with pytest.raises(BackendError, match="plain file name inside the output folder"):
        backend.publish(Document("report:x", filename, "x", b"..."))
    assert list(tmp_path.rglob("*")) == []
