"""Google failing the way it does: transient errors, Retry-After, dropped connections (before and
after the work was done), and errors that must not be retried. The clock is moved with
time-machine instead of sleeping: the retry policy's ``sleep`` shifts the travelled time."""

from __future__ import annotations

import io
import random
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
import time_machine

from jobs import flag, report
from sheets_sync.backends.google.drive import KEY_PROPERTY
from sheets_sync.backends.google.exceptions import GoogleError, NotShared, Unavailable
from sheets_sync.backends.google.http_client import RetryPolicy
from sheets_sync.config import Config
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from tests.fake_google import FakeGoogle, Fault
from tests.google.helpers import (
    OFFICER,
    SA_EMAIL,
    backend_for,
    google_config,
    grid,
    load_workbook_into,
)

pytestmark = pytest.mark.slow  # many runs against a failing fake

NOW = datetime(2024, 10, 15, 7, 0)
PERIODS = ("2024-Q1", "2024-Q2", "2024-Q3")


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2024, 10, 15, 0, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def policy_for(clock, seed: int = 0, deadline: float = 300) -> RetryPolicy:
    return RetryPolicy(
        timeout=30, deadline=deadline, clock=time.time, sleep=clock.shift, rng=random.Random(seed)
    )


def demo_setup(fake: FakeGoogle, cfg: Config, tmp_path: Path) -> Config:
    """The demo plan on Google, reports into a shared-drive folder sheets-sync made."""
    key = fake.service_account(SA_EMAIL)
    key_path = tmp_path / f"key-{fake.port}.json"
    key_path.write_text(__import__("json").dumps(key))
    key_path.chmod(0o600)
    key["_path"] = str(key_path)
    workbook = tmp_path / f"demo-{fake.port}.xlsx"
    build_demo_workbook(workbook, cfg)
    book = fake.create_spreadsheet("Demo", OFFICER, share={SA_EMAIL: "writer"})
    load_workbook_into(book, workbook)
    drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer"})
    folder = fake.drive.add_folder("Báo cáo", shared_drive=drive, created_by=key["client_id"])
    return google_config(cfg, key, book.id, folder.id)


def run_everything(fake: FakeGoogle, cfg: Config, policy: RetryPolicy) -> None:
    backend = backend_for(fake, cfg, policy)
    flag.run(backend, cfg, today=DEMO_TODAY, now=NOW)
    for period in PERIODS:
        report.run(backend, cfg, period=period, today=DEMO_TODAY, now=NOW)
    flag.run(backend, cfg, today=date(2024, 10, 16), now=NOW)


def outcome(fake: FakeGoogle) -> dict:
    """Everything a user could see: every tab's values, the notes, the documents in Drive."""
    (book,) = fake.spreadsheets.values()
    notes = {
        s.title: sorted((s.row_of(rid), c, text) for (rid, c), text in s.notes.items())
        for s in book.sheets
    }
    docs: Counter[str] = Counter()
    texts, names = {}, {}
    for f in fake.drive.files.values():
        if f.mime_type.endswith("document"):
            key = next(iter(f.app_properties.values()))[KEY_PROPERTY]
            docs[key] += 1
            names[f.id] = key  # each fake makes its own ids: compare by report key
            texts[key] = [p.text for p in docx.Document(io.BytesIO(f.content)).paragraphs]

    def same_ids(value):
        if isinstance(value, str):
            for file_id, key in names.items():
                value = value.replace(file_id, key)
        return value

    return {
        "tabs": {
            s.title: [[same_ids(v) for v in row] for row in grid(book, s.title)]
            for s in book.sheets
        },
        "notes": notes,
        "documents": dict(docs),
        "texts": texts,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_with_a_fifth_of_requests_failing_the_result_is_the_same_as_a_clean_run(
    cfg, tmp_path, clock, seed
):
    clean, flaky = FakeGoogle().start(), FakeGoogle().start()
    try:
        run_everything(clean, demo_setup(clean, cfg, tmp_path), policy_for(clock))
        flaky.fail_randomly(0.2, seed=seed)
        run_everything(flaky, demo_setup(flaky, cfg, tmp_path), policy_for(clock, seed))
        faults = Counter(r.fault for r in flaky.requests if r.fault)
        assert sum(faults.values()) >= 5, faults  # it really was a bad day
        assert outcome(flaky) == outcome(clean)
        # Each period's report, and the office's notes beside it.
        assert outcome(flaky)["documents"] == {
            f"{kind}:{p}": 1 for p in PERIODS for kind in ("report", "notes")
        }
        assert len(outcome(flaky)["tabs"]["Nhật ký"]) == 1 + 2 + len(PERIODS)
    finally:
        clean.stop()
        flaky.stop()


def _setup(fake, cfg, tmp_path, clock):
    google_cfg = demo_setup(fake, cfg, tmp_path)
    return google_cfg, backend_for(fake, google_cfg, policy_for(clock))


def test_an_upload_whose_answer_was_lost_is_not_made_twice(fake, cfg, tmp_path, clock):
    google_cfg, backend = _setup(fake, cfg, tmp_path, clock)
    fake.fail(Fault(drop="after"), where=lambda r: r.path == "/upload/drive/v3/files")
    report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    assert outcome(fake)["documents"] == {"report:2024-Q3": 1, "notes:2024-Q3": 1}
    creates = [r for r in fake.requests if r.method_id == "drive.files.create"]
    # The folder was checked and the report found, not re-created; then the notes.
    assert len(creates) == 2


def test_uploads_without_an_answer_are_tried_until_the_deadline_then_stop_clearly(
    fake, cfg, tmp_path, clock
):
    """Each try is safe (the folder is looked at first), so a bad minute at Drive does not end
    the report after four tries; a Drive that never answers stops it at the deadline."""
    google_cfg = demo_setup(fake, cfg, tmp_path)
    backend = backend_for(fake, google_cfg, policy_for(clock, deadline=300))

    def upload(request) -> bool:
        return request.path == "/upload/drive/v3/files"

    fake.fail(Fault(drop="before"), where=upload, times=6)
    report.run(backend, google_cfg, period="2024-Q1", today=DEMO_TODAY, now=NOW)
    assert outcome(fake)["documents"] == {"report:2024-Q1": 1, "notes:2024-Q1": 1}
    assert len([r for r in fake.requests if upload(r)]) == 8  # 6 lost, the report, its notes

    fake.fail(Fault(drop="before"), where=upload, times=10_000)
    started = time.time()
    with pytest.raises(GoogleError, match=r"report:2024-Q2 lên Drive sau \d+ lần thử"):
        report.run(backend, google_cfg, period="2024-Q2", today=DEMO_TODAY, now=NOW)
    assert 300 <= time.time() - started <= 300 + 2 * 30  # the deadline, and one last look
    # Nothing half-way: no report, and no notes for a report that is not there.
    assert outcome(fake)["documents"] == {"report:2024-Q1": 1, "notes:2024-Q1": 1}


def test_a_batch_update_whose_answer_was_lost_is_not_sent_twice(fake, cfg, tmp_path, clock):
    google_cfg, backend = _setup(fake, cfg, tmp_path, clock)
    fake.fail(Fault(drop="after"), where=lambda r: r.path.endswith(":batchUpdate"))
    flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    assert len(grid(next(iter(fake.spreadsheets.values())), "Nhật ký")) == 2  # one run-log row
    assert "GET sheets.spreadsheets.developerMetadata.get" in fake.calls()


def test_a_batch_update_that_failed_is_sent_again(fake, cfg, tmp_path, clock):
    google_cfg, backend = _setup(fake, cfg, tmp_path, clock)
    fake.fail(Fault(status=500), where=lambda r: r.path.endswith(":batchUpdate"))
    flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    assert len(grid(next(iter(fake.spreadsheets.values())), "Nhật ký")) == 2
    batches = [r for r in fake.requests if r.method_id == "sheets.spreadsheets.batchUpdate"]
    assert [r.status for r in batches] == [500, 200]


def test_retry_after_is_honoured(fake, cfg, tmp_path, clock):
    _, backend = _setup(fake, cfg, tmp_path, clock)
    fake.fail(Fault(status=429, retry_after="7"), where=lambda r: r.api == "sheets")
    started = time.time()
    backend.read(["Nhiệm vụ"])
    assert time.time() - started >= 7
    assert [r.status for r in fake.requests if r.api == "sheets"][:2] == [429, 200]


def test_drive_rate_limits_answered_with_403_are_retried(fake, cfg, tmp_path, clock):
    google_cfg, backend = _setup(fake, cfg, tmp_path, clock)
    fake.fail(Fault(status=403, reason="userRateLimitExceeded"), where=lambda r: r.api == "drive")
    report.run(backend, google_cfg, period="2024-Q1", today=DEMO_TODAY, now=NOW)
    assert outcome(fake)["documents"] == {"report:2024-Q1": 1, "notes:2024-Q1": 1}


def test_retries_stop_at_the_deadline_with_a_clear_message(fake, cfg, tmp_path, clock):
    google_cfg = demo_setup(fake, cfg, tmp_path)
    backend = backend_for(fake, google_cfg, policy_for(clock, deadline=60))
    fake.fail(Fault(status=503), where=lambda r: r.api == "sheets", times=10_000)
    started = time.time()
    with pytest.raises(Unavailable, match=r"Gave up on GET /v4/spreadsheets/.* within the 60 s"):
        backend.read(["Nhiệm vụ"])
    attempts = [r for r in fake.requests if r.api == "sheets"]
    assert 3 <= len(attempts) <= 12
    assert time.time() - started <= 60


def test_a_connection_that_hangs_times_out_and_is_retried(fake, cfg, tmp_path):
    google_cfg = demo_setup(fake, cfg, tmp_path)
    policy = RetryPolicy(timeout=0.2, deadline=30, sleep=lambda s: None)
    backend = backend_for(fake, google_cfg, policy)
    fake.fail(Fault(delay=1.0), where=lambda r: r.api == "sheets")
    snapshot = backend.read(["Nhiệm vụ"])
    assert "Nhiệm vụ" in snapshot
    assert len([r for r in fake.requests if r.api == "sheets"]) >= 3  # hung get, get, batchGet


def test_a_sheet_not_shared_fails_at_once_and_names_the_account(fake, cfg, tmp_path, clock):
    google_cfg = demo_setup(fake, cfg, tmp_path)
    (book,) = fake.spreadsheets.values()
    fake.drive.files[book.id].permissions.clear()
    with pytest.raises(NotShared) as failure:
        backend_for(fake, google_cfg, policy_for(clock)).read(["Nhiệm vụ"])
    assert SA_EMAIL in str(failure.value)
    assert "Chia sẻ" in str(failure.value) or "chia sẻ" in str(failure.value)
    assert fake.count("sheets") == 1  # a 403 is an answer, not a hiccup: never retried
