"""Which config a command uses: never a silent default plan.

Usage::

    cfg = find_config(None, workbook=Path("ke-hoach-45.xlsx"), google=False)

In order: ``--config`` (or ``SHEETS_SYNC_CONFIG``); else, for a local workbook, the config its
hidden ``_ke_hoach`` tab names (beside the workbook), else the ``.toml`` of the same name beside
it (``ke-hoach-45.xlsx`` → ``ke-hoach-45.toml``, as ``import`` writes it). Nothing found: a
``ConfigError`` saying how to get one (``import`` the signed plan, or ``init --config``). The
bundled Gia Tân config is the demo's (``sheets-sync demo``), no command's fallback. Whether the
workbook holds the config's plan is checked where the jobs read it (``sheet.read_plan``).
"""

from __future__ import annotations

from pathlib import Path

from . import contract, identity
from .config import Config, ConfigError, load

_HOW = (
    "tạo từ kế hoạch đã ký: sheets-sync import KE-HOACH.docx --local {workbook}; hoặc chỉ ra tệp "
    "cấu hình: --config KE-HOACH.toml (hoặc biến SHEETS_SYNC_CONFIG; sheets-sync init --config "
    "… --local … tạo bảng tính trống cho cấu hình đó)"
)


def find_config(explicit: Path | None, *, workbook: Path | None, google: bool) -> Config:
    if explicit is not None:
        return load(explicit)
    if google:
        raise ConfigError(
            "Với --google cần --config KE-HOACH.toml (tệp cấu hình mà sheets-sync import đã ghi) "
            "hoặc biến SHEETS_SYNC_CONFIG. (--google needs --config or SHEETS_SYNC_CONFIG: the "
            "config `sheets-sync import` wrote.)"
        )
    if workbook is None:
        raise ConfigError(
            "Chưa biết kế hoạch nào: chỉ ra --local KE-HOACH.xlsx (cấu hình cùng tên bên cạnh "
            "được dùng) hoặc --config KE-HOACH.toml. (Which plan? Give --local PLAN.xlsx, whose "
            "PLAN.toml beside it is used, or --config.)"
        )
    for candidate in (_named(workbook), workbook.with_suffix(".toml")):
        if candidate is not None and candidate.is_file():
            return load(candidate)
    how = _HOW.format(workbook=workbook)
    raise ConfigError(
        f"Không có cấu hình cho {workbook}: bảng tính không ghi kế hoạch nào có tệp cấu hình, "
        f"và không có {workbook.with_suffix('.toml').name} bên cạnh — {how}. (No config for "
        f"{workbook.name}: import the signed plan, or give --config; there is no default plan.)"
    )


def _named(workbook: Path) -> Path | None:
    """The config file the workbook's hidden tab names, beside the workbook."""
    recorded = _recorded(workbook)
    if recorded is None or not recorded.config:
        return None
    return workbook.parent / Path(recorded.config).name


def _recorded(workbook: Path) -> identity.PlanIdentity | None:
    if not workbook.is_file():
        return None
    from .backends.local import LocalBackend

    return identity.recorded(LocalBackend(workbook).read([contract.IDENTITY_TITLE]))
