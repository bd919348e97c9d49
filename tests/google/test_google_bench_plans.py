"""The many-plans benchmark from a fresh checkout, at a few plans: every part runs its real
command in a child and reports what docs/scale.md quotes. Only counts are asserted: they do not
depend on the machine (the quotas are not reached with so few plans)."""

from __future__ import annotations

import pytest

from bench import bench_plans

pytestmark = pytest.mark.slow  # child processes, a served round, a rollup with its report


def test_the_local_round_and_serve_flag_every_plan(tmp_path):
    round_ = bench_plans.local_round(tmp_path, 3)
    assert (round_["plans"], round_["plans_done"], round_["requests"]) == (3, 3, 0)
    served = bench_plans.local_serve(tmp_path, 3, reports=False)
    assert served["plans"] == 3 and served["peak_rss_mb"] > 0 and served["flag_round_s"] > 0


def test_the_google_round_and_the_rollup_count_their_requests(tmp_path):
    round_ = bench_plans.google_round(tmp_path, 6, latency=0)
    assert round_["plans_done"] == 6
    assert round_["requests"] == 24 and round_["requests_per_plan_run_max"] == 4
    assert (round_["reads"], round_["writes"], round_["refused_429"]) == (12, 12, 0)
    assert round_["quota_bound_s"] == 60 * 12 / 300
    rollup = bench_plans.rollup_google(tmp_path, 4, latency=0)
    assert rollup["code"] == 0
    assert rollup["plan_requests"] == 8 and rollup["plan_requests_per_commune_max"] == 2
    assert rollup["refused_429"] == 0
