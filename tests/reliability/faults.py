"""Bad days at Google, replayed by seed: the day's work through the fake while it fails.

Usage::

    result = run_scenario("transient", seed=7)
    result.faults            # Counter({'503 Retry-After 1': 3, 'drop-after': 2, ...})
    result.outcome           # "same as clean" or "stopped cleanly"
    result.problems          # what went wrong; [] when the run kept its promise

Scenarios (the fake's own fault injector, ``FakeGoogle.fail``/``fail_randomly``):

* ``transient``  — a fifth of all requests fail: 429/500/502/503 and connections dropped
  before or after the work was done;
* ``retry_after`` — a Retry-After storm: a burst of 429s asking to wait up to a minute, then
  two requests in five answered 429/503 with Retry-After;
* ``dropped``    — a third of the connections dropped, half of them after Google did the work;
* ``slow``       — one request in five answers after the client's timeout (the server still
  does the work, late);
* ``outage``     — after a random number of requests Google answers only 503 until the retry
  deadline: the run must stop with a clear message, leave every job cell as one whole step
  left it and every document whole, and the next run must finish the day.

The client's clock is moved by time-machine (``RetryPolicy.sleep`` shifts it), so a storm of
minute-long Retry-After waits takes no real time; only ``slow`` waits for real, a fraction of
a second per slow answer. Every run is compared with ``day.clean_day()``.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import time_machine

from sheets_sync.backends.google.http_client import RetryPolicy
from sheets_sync.model import BackendError
from tests.fake_google import FakeGoogle, Fault
from tests.reliability.day import (
    LOG,
    Plan,
    clean_day,
    day_of_work,
    documents_whole,
    lost_cells,
    observe,
    officer_cells,
    whole_step,
)

SLOW_TIMEOUT = 0.25  # seconds the client waits in the slow scenario ...
SLOW_ANSWER = 0.4  # ... for an answer that takes this long (the work done first, or late)


@dataclass
class Result:
    scenario: str
    seed: int
    faults: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    outcome: str = ""  # "same as clean" | "stopped cleanly"
    message: str = ""  # the stop's message
    lost: int = 0  # officer cells changed
    problems: list[str] = field(default_factory=list)


def _transient(fake: FakeGoogle, rng: random.Random) -> None:
    fake.fail_randomly(0.2, seed=rng.randrange(2**32))


def _retry_after(fake: FakeGoogle, rng: random.Random) -> None:
    burst = rng.randint(3, 12)
    fake.fail(Fault(status=429, retry_after=str(rng.randint(20, 60))), times=burst)
    mix = tuple(Fault(status=s, retry_after=str(w)) for s in (429, 503) for w in (1, 5, 15, 30, 60))
    fake.fail_randomly(0.4, seed=rng.randrange(2**32), mix=mix)


def _dropped(fake: FakeGoogle, rng: random.Random) -> None:
    fake.fail_randomly(
        0.33, seed=rng.randrange(2**32), mix=(Fault(drop="before"), Fault(drop="after"))
    )


def _slow(fake: FakeGoogle, rng: random.Random) -> None:
    mix = (Fault(delay=SLOW_ANSWER), Fault(delay=SLOW_ANSWER, slow_answer=True))
    fake.fail_randomly(0.2, seed=rng.randrange(2**32), mix=mix)


def _outage(fake: FakeGoogle, rng: random.Random) -> None:
    healthy = rng.randint(0, 21)  # a clean day of work takes 22 requests
    seen = iter(range(10**9))
    fake.fail(
        Fault(status=503),
        where=lambda r: r.api != "oauth" and next(seen) >= healthy,
        times=10**9,
    )


SCENARIOS: dict[str, Callable[[FakeGoogle, random.Random], None]] = {
    "transient": _transient,
    "retry_after": _retry_after,
    "dropped": _dropped,
    "slow": _slow,
    "outage": _outage,
}
DESCRIPTIONS = {
    "transient": "20 % of requests fail (429/500/502/503, connections dropped before/after)",
    "retry_after": "Retry-After storm: a burst of 429 (wait 20–60 s), then 40 % 429/503",
    "dropped": "33 % of connections dropped, half after the work was done",
    "slow": f"20 % of answers take {SLOW_ANSWER} s, past the client's {SLOW_TIMEOUT} s timeout "
    "(half of them with the work also done late)",
    "outage": "Google answers only 503 from a random request on, past the retry deadline",
}


def run_scenario(name: str, seed: int) -> Result:
    """One day of work under scenario ``name``; ``Result.problems`` lists broken promises."""
    clean, steps = clean_day()
    result = Result(name, seed)
    fake = FakeGoogle().start()
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            time_machine.travel(datetime(2024, 10, 15, 0, 0, tzinfo=UTC), tick=False) as clock,
        ):
            plan = Plan.on(fake, Path(folder))
            before = officer_cells(fake)
            SCENARIOS[name](fake, random.Random(f"{name}:{seed}"))
            policy = _policy(name, clock, seed)
            try:
                day_of_work(plan.backend(policy), plan.cfg)
            except BackendError as exc:
                result.message = str(exc)
            fake.settle()  # a request the client gave up on may still land
            result.faults = Counter(r.fault for r in fake.requests if r.fault)
            result.requests = sum(1 for r in fake.requests if r.api != "oauth")
            seen = observe(fake)
            result.lost = lost_cells(before, officer_cells(fake))
            if result.message:
                _check_stop(result, seen, clean, steps)
                fake.faults.clear()
                day_of_work(plan.backend(_policy(name, clock, seed)), plan.cfg)
                _check_finished(result, observe(fake), clean, rerun=True)
            else:
                result.outcome = "same as clean"
                _check_finished(result, seen, clean, rerun=False)
            result.lost += lost_cells(before, officer_cells(fake))
    finally:
        fake.stop()
    if result.lost:
        result.problems.append(f"{result.lost} officer cells changed")
    return result


def _policy(name: str, clock, seed: int) -> RetryPolicy:
    if name == "slow":  # real time: the fake's late answers are real, so waits must be too
        return RetryPolicy(
            timeout=SLOW_TIMEOUT, deadline=60, initial=0.05, maximum=0.5, rng=random.Random(seed)
        )
    return RetryPolicy(
        timeout=30, deadline=300, clock=time.time, sleep=clock.shift, rng=random.Random(seed)
    )


def _check_stop(result: Result, seen: dict, clean: dict, steps: dict) -> None:
    """A stop: a clear message, and nothing half-way (job cells and documents whole)."""
    result.outcome = "stopped cleanly"
    if "chạy lại sau" not in result.message:
        result.problems.append(f"unclear stop message: {result.message}")
    if whole_step(seen, steps) is None:
        result.problems.append("the job cells were left half-written")
    if not documents_whole(seen, clean):
        result.problems.append(f"a document is partial or doubled: {seen['documents']}")


def _check_finished(result: Result, seen: dict, clean: dict, rerun: bool) -> None:
    """The end of the day: what users see is what a clean day shows. After a stop and a rerun,
    Nhật ký also keeps the rows of the steps that finished before the stop."""
    mine, theirs = dict(seen["tabs"]), dict(clean["tabs"])
    log, clean_log = mine.pop(LOG), theirs.pop(LOG)
    if mine != theirs:
        result.problems.append("tabs differ from a clean day")
    if {k: v for k, v in seen.items() if k != "tabs"} != {
        k: v for k, v in clean.items() if k != "tabs"
    }:
        result.problems.append(f"notes or documents differ from a clean day: {seen['documents']}")
    if rerun:  # the rerun's rows count fewer cells written: compare job and outcome
        ends = [r[:2] for r in log[-(len(clean_log) - 1) :]] == [r[:2] for r in clean_log[1:]]
        if log[0] != clean_log[0] or not ends or any(r[1] != "Thành công" for r in log[1:]):
            result.problems.append("Nhật ký does not end with the day's rows")
    elif log != clean_log:
        result.problems.append("Nhật ký differs from a clean day")
