"""Write an imported plan where it will be tracked: a new or existing workbook, a Google Sheet;
and its config beside it.

Usage::

    lines = into_local(plan, Path("ke-hoach-45.xlsx"), today=date(2025, 3, 20))
    lines = into_google(plan, admin_cfg, spreadsheet_id, config_path, today=...)

Everything is decided before anything is written: a sheet that already holds tasks is refused
unless ``append`` (an officer's rows are never replaced), and so is a sheet or a config file of
another plan; ``dry_run`` stops there and says what would be written. A new workbook is laid out
by ``backends.local.layout``; an existing sheet gets the tasks below its rows (``fill``). The
config (``configfile``) is written last, beside the workbook with the same name; one of the same
plan already there is kept as it is (the office may have edited it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path
from typing import Any

from .. import contract, identity
from ..config import Config, ConfigError, GoogleSection, load, loads
from ..model import Backend
from ..sheet import SheetError
from . import fill
from .configfile import config_text
from .plan import Plan


def plan_config(
    plan: Plan,
    path: Path,
    *,
    workbook: str,
    today: date,
    google: Mapping[str, Any] | None = None,
    append: bool = False,
) -> tuple[Config, str | None]:
    """The plan's config, and the text to write at ``path`` (None: a config of this plan is
    already there and is kept). ``ConfigError`` if ``path`` holds another plan's config —
    unless ``append``: tasks added to another plan's workbook stay under that plan's config."""
    text = config_text(plan, workbook=workbook, imported=today, google=google)
    cfg = loads(text, path)  # its paths relative to where it will be written
    if not path.exists():
        return cfg, text
    kept = load(path)
    if append or identity.PlanIdentity.of(kept).same_plan(identity.PlanIdentity.of(cfg)):
        return kept, None
    raise ConfigError(
        f"{path} là cấu hình của {identity.PlanIdentity.of(kept).describe()}, không phải của kế "
        f"hoạch này — chọn tên khác cho bảng tính, không ghi gì. ({path} is the config of "
        f"another plan; choose another name. Nothing was written.)"
    )


def into_local(
    plan: Plan, out: Path, *, today: date, append: bool = False, dry_run: bool = False
) -> list[str]:
    config_path = out.with_suffix(".toml")
    cfg, text = plan_config(plan, config_path, workbook=out.name, today=today, append=append)
    if not out.exists():
        lines = [f"Tạo {out} ({len(plan.tasks)} nhiệm vụ) và {config_path.name}. (Creates {out}.)"]
        if not dry_run:
            from ..backends.local.layout import create_workbook

            create_workbook(out, cfg, plan.tasks, units=plan.units, config_name=config_path.name)
            _write(config_path, text)
        return lines
    from ..backends.local import LocalBackend

    lines = _fill(LocalBackend(out), plan, cfg, config_path.name, append=append, dry_run=dry_run)
    if not dry_run:
        _write(config_path, text)
    return lines


def into_google(
    plan: Plan,
    admin: Config | None,
    spreadsheet_id: str,
    config_path: Path,
    *,
    today: date,
    append: bool = False,
    dry_run: bool = False,
) -> list[str]:
    """Into a Google Sheet: laid out as ``init --google`` does, then filled."""
    from ..backends.google import open_google
    from ..backends.google.layout import prepare

    keys = {"spreadsheet_id": spreadsheet_id, **_account(admin)}
    workbook = f"{config_path.stem}.xlsx"
    cfg, text = plan_config(
        plan, config_path, workbook=workbook, today=today, google=keys, append=append
    )
    backend = open_google(cfg, spreadsheet_id=spreadsheet_id)
    _refusals(backend.read(fill.tabs(cfg)), plan, cfg, append)
    if dry_run:
        return [f"Ghi {len(plan.tasks)} nhiệm vụ vào {backend.describe()} và {config_path}."]
    done, problems = prepare(backend, cfg)
    lines = _fill(backend, plan, cfg, config_path.name, append=append, dry_run=False)
    prepare(backend, cfg)  # the new rows' anchors, so rows sorted later keep their task
    _write(config_path, text)
    return [*(f"  ✓ {line}" for line in done), *(f"  ✗ {line}" for line in problems), *lines]


def _account(admin: Config | None) -> dict[str, Any]:
    """The [google] settings of the config an import was given (who the jobs act as), with
    its paths made absolute: the new config lives elsewhere. A list of keys is carried whole
    (the new plan picks its own among them), and ``[google.quota]`` as a table."""
    if admin is None:
        return {}
    defaults = GoogleSection()
    carried: dict[str, Any] = {}
    for f in fields(GoogleSection):
        value = getattr(admin.google, f.name)
        default = value == getattr(defaults, f.name)
        # The officer's token is carried even under its default name: it lies beside the
        # config the import was given, not beside the new one.
        token = f.name == "oauth_token" and "oauth" in (admin.google.auth, admin.google.drive_auth)
        if not f.init or f.name == "spreadsheet_id" or (default and not token):
            continue
        if f.name == "credentials" and len(admin.google.credentials_pool) > 1:
            value = [str(admin.path(k).resolve()) for k in admin.google.credentials_pool]
        elif f.name in ("credentials", "oauth_client", "oauth_token") and value:
            value = str(admin.path(str(value)).resolve())
        elif f.name == "quota":
            value = asdict(value)
        carried[f.name] = value
    return carried


def _fill(
    backend: Backend, plan: Plan, cfg: Config, config_name: str, *, append: bool, dry_run: bool
) -> list[str]:
    snapshot = backend.read(fill.tabs(cfg))
    _refusals(snapshot, plan, cfg, append)
    changes = fill.fill_changes(snapshot, plan, cfg, config_name=config_name)
    lines = [f"Thêm {len(plan.tasks)} nhiệm vụ vào {backend.describe()}. (Adds the tasks.)"]
    if dry_run:
        return lines + [f"  {line}" for line in changes.describe()]
    backend.apply(changes, snapshot.version)
    return lines


def _refusals(snapshot: Mapping, plan: Plan, cfg: Config, append: bool) -> None:
    """Exit before writing: tasks already there (without ``append``), another plan recorded."""
    try:
        held = (
            fill.task_count(snapshot, cfg) if cfg.sheet.tab_title(contract.TASKS) in snapshot else 0
        )
    except SheetError:
        held = 0
    if held and not append:
        raise ConfigError(
            f"Bảng tính đã có {held} nhiệm vụ — không ghi đè; thêm --append để thêm các nhiệm vụ "
            f"này vào sau, hoặc nhập vào bảng tính khác. (The sheet already holds {held} tasks: "
            f"pass --append to add these, or import into another workbook. Nothing was written.)"
        )
    if not append:
        identity.check(cfg, snapshot)


def _write(path: Path, text: str | None) -> None:
    if text is not None:
        path.write_text(text, encoding="utf-8")
