"""Google failing while the jobs work, over many seeds: each day ends as a clean day does, or
stops with a clear message having changed nothing half-way, and the next run finishes it."""

from __future__ import annotations

import pytest

from jobs import flag, report
from sheets_sync.aggregate import summarise
from sheets_sync.backends.google.http_client import RetryPolicy
from sheets_sync.periods import reporting_period
from sheets_sync.report import build_document
from sheets_sync.sheet import read_plan
from tests.fake_google import FakeGoogle, Fault
from tests.reliability.day import NEXT_DAY, NOW, Plan, clean_day, observe
from tests.reliability.faults import SCENARIOS, run_scenario
from tests.reliability.seeds import seeds

FAST = RetryPolicy(timeout=0.25, deadline=30, initial=0.02, maximum=0.2)


@pytest.mark.parametrize("seed", seeds())
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_bad_day_at_google_loses_nothing(scenario: str, seed: int) -> None:
    result = run_scenario(scenario, seed)
    assert result.problems == [], result
    assert result.lost == 0
    if scenario in ("outage", "retry_after"):  # a storm too may outlast the retry deadline
        assert result.outcome in ("stopped cleanly", "same as clean")
    else:
        assert result.outcome == "same as clean"
    if scenario != "outage":
        assert sum(result.faults.values()) > 0, "the scenario injected no fault"


def test_the_checks_catch_a_day_that_went_wrong(fake: FakeGoogle, tmp_path) -> None:
    """The comparison can fail: a report made twice is not 'the same as a clean day'."""
    clean, _ = clean_day()
    plan = Plan.on(fake, tmp_path)
    backend = plan.backend(RetryPolicy(timeout=30, deadline=30, sleep=lambda s: None))
    report.run(backend, plan.cfg, period="2024-Q1", now=NOW)
    snapshot = backend.read(["Nhiệm vụ", "Tiến độ"])
    period = reporting_period("2024-Q1", plan.cfg.report.cut)
    summary = summarise(read_plan(snapshot, plan.cfg), period, NOW.date(), plan.cfg, [])
    backend.folder.create(build_document(summary, plan.cfg, NOW.date()))  # a second copy
    assert observe(fake)["documents"] == {"report:2024-Q1": 2, "notes:2024-Q1": 1}
    assert observe(fake)["documents"] != {k: 1 for k in clean["documents"]}


def test_a_late_copy_of_a_batch_update_is_refused(fake: FakeGoogle, tmp_path) -> None:
    """The client gave up on the batch (0.25 s), sent it again, and the first copy reached
    Google afterwards: its run marker id is taken, so the whole copy is refused and the run-log
    row is written once."""
    plan = Plan.on(fake, tmp_path)
    backend = plan.backend(FAST)
    flag.run(backend, plan.cfg, now=NOW)  # yesterday's run left its marker
    fake.reset_log()
    fake.fail(Fault(delay=0.4), where=lambda r: r.method_id == "sheets.spreadsheets.batchUpdate")
    flag.run(backend, plan.cfg, today=NEXT_DAY, now=NOW)
    fake.settle()
    batches = [r.status for r in fake.requests if r.method_id.endswith("spreadsheets.batchUpdate")]
    assert sorted(batches) == [200, 400]
    assert len(observe(fake)["tabs"]["Nhật ký"]) == 3


def test_a_batch_refused_because_its_first_copy_landed_counts_as_done(fake, tmp_path) -> None:
    """First copy late (lands at 0.35 s), the marker check answered late (404 seen at about
    0.45 s), the second copy refused (400): the marker is there, so the run is done."""
    plan = Plan.on(fake, tmp_path)
    batch = "sheets.spreadsheets.batchUpdate"
    fake.fail(Fault(delay=0.35), where=lambda r: r.method_id == batch)
    fake.fail(
        Fault(delay=0.2, slow_answer=True),
        where=lambda r: r.method_id == "sheets.spreadsheets.developerMetadata.get",
    )
    policy = RetryPolicy(timeout=0.25, deadline=30, initial=0.01, maximum=0.02)
    flag.run(plan.backend(policy), plan.cfg, now=NOW)
    fake.settle()
    assert [r.status for r in fake.requests if r.method_id == batch] == [200, 400]
    assert len(observe(fake)["tabs"]["Nhật ký"]) == 2


def test_an_upload_that_lands_very_late_is_trashed_by_the_next_publish(fake, tmp_path) -> None:
    """Past the watch for it (the session's timeout), the upload is sent again; when the first
    copy lands later still, two documents carry the key until the report is published again,
    which keeps the oldest and moves the other to the trash."""
    plan = Plan.on(fake, tmp_path)
    fake.fail(Fault(delay=1.0), where=lambda r: r.method_id == "drive.files.create")
    backend = plan.backend(FAST)
    report.run(backend, plan.cfg, period="2024-Q1", now=NOW)
    fake.settle()
    # The report twice for a while; the office's notes beside it were not delayed.
    assert observe(fake)["documents"] == {"report:2024-Q1": 2, "notes:2024-Q1": 1}
    report.run(backend, plan.cfg, period="2024-Q1", now=NOW)
    assert observe(fake)["documents"] == {"report:2024-Q1": 1, "notes:2024-Q1": 1}
    trashed = [f for f in fake.drive.files.values() if f.trashed]
    assert len(trashed) == 1


def test_an_upload_that_lands_while_it_is_watched_for_is_updated_not_made_again(fake, tmp_path):
    plan = Plan.on(fake, tmp_path)
    fake.fail(Fault(delay=0.35), where=lambda r: r.method_id == "drive.files.create")
    report.run(plan.backend(FAST), plan.cfg, period="2024-Q1", now=NOW)
    fake.settle()
    assert observe(fake)["documents"] == {"report:2024-Q1": 1, "notes:2024-Q1": 1}
    calls = [r.method_id for r in fake.requests]
    assert calls.count("drive.files.create") == 2  # the report once, then its notes
    assert calls.count("drive.files.update") == 1  # the late document, given the content
