"""Every plan of the corpus imports to its tasks and letterhead, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets_sync.importer import read_plan
from tests.importer.plan_corpus import CORPUS, PlanDoc

FIELDS = ("stt", "task", "lead", "timeframe", "partners", "product", "group")


def test_the_corpus_is_as_large_and_varied_as_issue_13_asks():
    assert len(CORPUS) >= 12
    assert len({p.name for p in CORPUS}) == len(CORPUS)
    assert {p.year for p in CORPUS} >= {2023, 2024, 2025, 2026}
    assert {p.level.split()[0] for p in CORPUS} >= {"xã", "phường", "thị", "huyện"}
    assert len({p.topic for p in CORPUS}) >= 10


@pytest.fixture(params=CORPUS, ids=lambda p: p.name)
def case(request, tmp_path: Path):
    plan: PlanDoc = request.param
    return plan, read_plan(plan.write(tmp_path), fallback_year=2000)


def test_every_task_is_read_as_printed(case):
    doc, plan = case
    got = [tuple(getattr(t, f) for f in FIELDS) for t in plan.tasks]
    want = [tuple(getattr(w, f) for f in FIELDS) for w in doc.tasks]
    assert got == want


def test_the_letterhead_and_year_are_read(case):
    doc, plan = case
    head = plan.letterhead
    assert (head.parent, head.name, head.level, head.locality) == (
        doc.head.parent,
        doc.head.name,
        doc.head.level,
        doc.head.locality,
    )
    assert (head.number, head.issued, head.title) == (
        doc.head.number,
        doc.head.issued,
        doc.head.title,
    )
    assert (head.authority, head.signer_title, head.signer_name) == (
        doc.head.authority,
        doc.head.signer_title,
        doc.head.signer_name,
    )
    assert plan.year == doc.year
    assert head.place == doc.head.locality


def test_nothing_is_reported_missing_that_is_there(case):
    doc, plan = case
    assert [str(p) for p in plan.problems] == list(doc.problems)
    assert plan.ignored_columns == doc.ignored
