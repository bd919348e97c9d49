"""Which plan a workbook holds, recorded in it, so no command judges it by another plan's config.

Usage::

    >>> mine = PlanIdentity.of(cfg, config="gia_tan_2024.toml")
    >>> mine.describe()
    'kế hoạch số 13/KH-UBND năm 2024 (xã Gia Tân)'
    >>> recorded({contract.IDENTITY_TITLE: mine.rows()}) == mine
    True

``import`` and ``init`` write ``rows()`` into the hidden ``_ke_hoach`` tab; the jobs read that
tab in the same batch as the others, and ``check`` refuses a config whose plan is not the one
recorded (before anything is written). Two records are the same plan when their years match
and their numbers do (or, for a plan without a number yet, their names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import contract
from .cells import as_text
from .config import Config, ConfigError
from .model import Grid
from .text import fold

_LABELS = {
    "name": "Kế hoạch",
    "number": "Số",
    "issued": "Ngày ký",
    "year": "Năm kế hoạch",
    "organisation": "Cơ quan ban hành",
    "config": "Tệp cấu hình",
}
_NOTE = "Trang do sheets-sync ghi: bảng tính này theo dõi kế hoạch dưới đây — không sửa."


@dataclass(frozen=True)
class PlanIdentity:
    name: str
    number: str
    issued: str  # ISO date, "" if unknown
    year: int
    organisation: str  # "xã Gia Tân"
    config: str = ""  # the config file's name, beside the workbook (not part of the identity)

    @classmethod
    def of(cls, cfg: Config, config: str = "") -> PlanIdentity:
        return cls(
            cfg.plan.name,
            cfg.plan.number,
            cfg.plan.issued,
            cfg.plan.year,
            cfg.organisation.commune,
            config or (cfg.source.name if cfg.source else ""),
        )

    def rows(self) -> list[list[str | int]]:
        """The hidden tab's cells: a note, then one label and value per row."""
        return [[_NOTE, ""], *([label, getattr(self, key)] for key, label in _LABELS.items())]

    def same_plan(self, other: PlanIdentity) -> bool:
        if self.year != other.year:
            return False
        if self.number and other.number:
            return fold(self.number) == fold(other.number)
        return fold(self.name) == fold(other.name)

    def describe(self) -> str:
        number = f"số {self.number} " if self.number else f"'{self.name}' "
        place = f" ({self.organisation})" if self.organisation else ""
        return f"kế hoạch {number}năm {self.year}{place}"


class PlanMismatch(ConfigError):
    """The config is of another plan than the workbook's; nothing may be written, not even a
    ``Nhật ký`` row about it."""


def recorded(snapshot: Mapping[str, Grid]) -> PlanIdentity | None:
    """The plan the workbook records, or None if it records none (made before this existed)."""
    grid = snapshot.get(contract.IDENTITY_TITLE)
    if not grid:
        return None
    values = {as_text(row[0]): as_text(row[1]) for row in grid if len(row) >= 2}
    fields = {key: values.get(label, "") for key, label in _LABELS.items()}
    try:
        year = int(float(fields.pop("year")))
    except ValueError:
        return None
    return PlanIdentity(year=year, **fields)


def check(cfg: Config, snapshot: Mapping[str, Grid]) -> None:
    """Refuse (``PlanMismatch``) a config whose plan is not the one the workbook records."""
    theirs = recorded(snapshot)
    if theirs is None:
        return
    mine = PlanIdentity.of(cfg)
    if mine.same_plan(theirs):
        return
    source = cfg.source.name if isinstance(cfg.source, Path) else "cấu hình"
    use = f"dùng --config {theirs.config}" if theirs.config else "dùng cấu hình của kế hoạch đó"
    raise PlanMismatch(
        f"{source} là cấu hình của {mine.describe()}, nhưng bảng tính theo dõi "
        f"{theirs.describe()} — {use}, không ghi gì. ({source} is the config of another plan "
        f"than the one this workbook holds; nothing was written.)"
    )
