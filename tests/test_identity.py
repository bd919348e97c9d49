"""The plan a workbook records, and the refusal of another plan's config."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_fixtures import config_variant

from sheets_sync import contract
from sheets_sync.cli import main
from sheets_sync.config import Config, ConfigError
from sheets_sync.identity import PlanIdentity, check, recorded
from sheets_sync.model import Snapshot


def _snapshot(identity: PlanIdentity) -> Snapshot:
    return Snapshot({contract.IDENTITY_TITLE: identity.rows()})


def test_a_workbook_without_a_record_is_not_refused(cfg: Config):
    assert recorded(Snapshot({})) is None
    check(cfg, Snapshot({}))


def test_the_config_of_the_recorded_plan_passes(cfg: Config):
    check(cfg, _snapshot(PlanIdentity.of(cfg, config="other-name.toml")))


@pytest.mark.parametrize(
    "change",
    [{"number": "45/KH-UBND"}, {"year": 2025}],
    ids=["another number", "another year"],
)
def test_another_plan_s_config_is_refused_naming_both_and_the_right_config(cfg: Config, change):
    theirs = replace(PlanIdentity.of(cfg), config="ke-hoach-45.toml", **change)
    with pytest.raises(ConfigError) as caught:
        check(cfg, _snapshot(theirs))
    message = str(caught.value)
    assert "13/KH-UBND năm 2024" in message and theirs.describe() in message
    assert "--config ke-hoach-45.toml" in message and "nothing was written" in message


def test_plans_without_a_number_are_told_apart_by_name():
    draft = PlanIdentity("Kế hoạch chuyển đổi số năm 2025", "", "", 2025, "xã An Bình")
    assert draft.same_plan(replace(draft, name="kế hoạch  chuyển đổi số năm 2025"))
    assert not draft.same_plan(replace(draft, name="Kế hoạch phòng cháy chữa cháy năm 2025"))


@pytest.mark.parametrize(
    "command",
    [
        ["flag", "--today", "2024-10-15"],
        ["report", "--period", "2024-Q3", "--today", "2024-10-15"],
        ["run", "flag", "report"],
    ],
    ids=" ".join,
)
def test_every_job_command_refuses_another_plan_s_config_and_writes_nothing(
    workbook: Path, tmp_path: Path, command: list[str], caplog: pytest.LogCaptureFixture
):
    """Whose plan the workbook holds is checked in the jobs' own read, before any write: not
    the tasks, not a Nhật ký row, not a report."""
    other = config_variant(tmp_path, **{"plan.number": 'number = "45/KH-UBND"'})
    before = workbook.read_bytes()
    result = CliRunner().invoke(
        main,
        [
            *command,
            "--config",
            str(other.source),
            "--local",
            str(workbook),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2, result.output
    said = result.output + caplog.text  # `run` logs each job's failure
    assert "45/KH-UBND" in said and "13/KH-UBND" in said
    assert workbook.read_bytes() == before
    assert not list(tmp_path.glob("out/**/*.docx"))
