"""The collector pause of jobs: nested in one thread it holds until the outer run ends; runs
overlapping on several threads (serve --plans' workers) let the collector run, so a long busy
stretch of rounds cannot pile up cyclic garbage; and it always ends as it began."""

from __future__ import annotations

import gc
import threading

from sheets_sync.memory import collector_paused


def test_a_nested_pause_holds_until_the_outer_run_ends():
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_runs_overlapping_on_two_threads_let_the_collector_run_and_it_ends_enabled():
    started, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def second_run() -> None:
        with collector_paused():
            seen.append(gc.isenabled())
            started.set()
            release.wait(timeout=10)

    with collector_paused():
        alone = gc.isenabled()
        other = threading.Thread(target=second_run)
        other.start()
        started.wait(timeout=10)
        seen.append(gc.isenabled())
        release.set()
        other.join()
        still_overlapping_after = gc.isenabled()
    assert (alone, seen, still_overlapping_after) == (False, [True, True], True)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
