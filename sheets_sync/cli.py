"""The ``sheets-sync`` command: a thin layer over the library and the jobs.

Run ``sheets-sync --help`` or ``sheets-sync COMMAND --help``. A plan starts with ``import``
(its signed document into a workbook or Google Sheet, and its config beside it). Every command
takes ``--config`` (without it: the config the workbook names, or the ``.toml`` beside it;
there is no default plan, see ``discovery``) and a backend: ``--local PATH.xlsx`` for a
workbook on disk (reports go to ``--out``), or ``--google`` for the Google Sheet and Drive
folder of ``[google]`` (``--spreadsheet-id``/``--folder-id`` override them).
"""

from __future__ import annotations

import logging
import re
import sys
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from . import __version__
from .backends import open_backend
from .config import Config, ConfigError, GoogleSection, google_id, load
from .discovery import find_config
from .importer.problems import PlanFileError
from .job import JobFailed
from .model import Backend, BackendError
from .periods import (
    PeriodError,
    ReportingPeriod,
    check_reportable,
    parse_period,
    reporting_period,
)
from .report import ReportError
from .sheet import SheetError

if TYPE_CHECKING:
    from .runner import Run, Runner

log = logging.getLogger("sheets_sync")

VN_ZONE = "Asia/Ho_Chi_Minh"  # where offices are, when no plan's config says
# What a user can get wrong; shown as a message, never as a traceback.
USER_ERRORS = (
    ConfigError,
    BackendError,
    SheetError,
    ReportError,
    JobFailed,
    PeriodError,
    PlanFileError,
)


class _PlanTime(logging.Formatter):
    """Log lines stamped in the plan's time zone (the server's until the config is read), so
    the times in the log are the times of ``[jobs]`` and ``Nhật ký``."""

    zone: tzinfo | None = None

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        when = datetime.fromtimestamp(record.created, self.zone).astimezone(self.zone)
        return when.strftime(datefmt or "%Y-%m-%dT%H:%M:%S%z")


_LOG_FORMAT = _PlanTime("%(asctime)s %(levelname)s %(name)s: %(plan)s%(message)s")
_LOG_HANDLER: logging.Handler | None = None  # ours, when this process's logging is ours


def _setup_logging(verbose: bool) -> None:
    """The log goes to stderr, the results of a command to stdout. A command run by hand logs
    warnings (data problems, failures) and its result says the rest; ``serve`` and ``run``,
    which run unattended, log every event (``_unattended``); ``-v`` logs debugging detail."""
    global _LOG_HANDLER
    root = logging.getLogger()
    if not root.handlers:  # a host that set up logging itself (pytest, an embedding app) keeps it
        _LOG_HANDLER = logging.StreamHandler(sys.stderr)
        _LOG_HANDLER.setFormatter(_LOG_FORMAT)
        root.addHandler(_LOG_HANDLER)
        root.setLevel(logging.DEBUG if verbose else logging.WARNING)
        _LOG_HANDLER.addFilter(_name_the_plan)
    # google-auth's debug log carries request headers (bearer tokens): keep it off, even with -v.
    logging.getLogger("google").setLevel(logging.WARNING)


def _unattended() -> None:
    """``serve`` and ``run`` log one line per event (the journal, syslog through cron)."""
    root = logging.getLogger()
    if _LOG_HANDLER in root.handlers and root.level > logging.INFO:
        root.setLevel(logging.INFO)


def _log_in(cfg: Config) -> Config:
    """Stamp log lines in ``cfg``'s plan time zone from now on."""
    _LOG_FORMAT.zone = cfg.zone
    return cfg


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_day(text: str) -> date:
    """A day as officers write it (15/10/2024, also 15-10-2024 or 15.10.2024) or in ISO form
    (2024-10-15); the year is always written, so a day never depends on which plan is open."""
    text = text.strip()
    m = _DMY.match(text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    example = date.today()
    raise ValueError(
        f"{text!r} không phải một ngày — ghi ngày/tháng/năm, ví dụ {example:%d/%m/%Y} (hoặc "
        f"{example.isoformat()}). (Not a date: write DD/MM/YYYY or YYYY-MM-DD.)"
    )


def _name_the_plan(record: logging.LogRecord) -> bool:
    """Lines about one plan of a folder start with its config's key (``serve --plans``)."""
    from .plans import current

    key = current.get()
    record.plan = f"{key}: " if key else ""
    return True


def _parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SHEETS_SYNC_CONFIG",
    help="Plan config (TOML). Default: the config the workbook names, or PLAN.toml beside "
    "PLAN.xlsx (as `import` writes it); there is no default plan.",
)
local_option = click.option(
    "--local",
    "workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan workbook (.xlsx). Default: [local] workbook from the config.",
)
out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for reports. Default: [local] out_dir from the config.",
)


google_option = click.option(
    "--google",
    is_flag=True,
    help="Use the Google Sheet and Drive folder of [google] in the config (docs/google.md).",
)
spreadsheet_option = click.option(
    "--spreadsheet-id",
    metavar="ID",
    help="Google spreadsheet id or link (implies --google). Default: [google] spreadsheet_id.",
)
folder_option = click.option(
    "--folder-id",
    metavar="ID",
    help="Drive folder id or link for reports (implies --google). Default: [google] folder_id.",
)


def backend_options(command):
    """The options that choose where the plan lives, shared by every command that reads it."""
    for option in (local_option, out_option, google_option, spreadsheet_option, folder_option):
        command = option(command)
    return command


def _open(config_path: Path | None, options: dict[str, Any]) -> tuple[Config, Backend]:
    """The plan's config and the backend the options name (``--local``/``--out`` or
    ``--google`` and its ids): the one way every command that reads the plan opens it."""
    workbook, out = options.pop("workbook", None), options.pop("out", None)
    google = any(options.get(k) for k in ("google", "spreadsheet_id", "folder_id"))
    if (workbook or out) and google:
        raise click.UsageError("choose --local/--out or --google, not both")
    # Absolute paths: the lock of a plan must not depend on the folder a command starts in.
    local = workbook and workbook.absolute()
    # Whose plan the sheet holds is checked in the jobs' own read (sheet.read_plan), before
    # any write, on both backends: no read of its own here.
    cfg = find_config(config_path, workbook=local, google=google)
    return cfg, open_backend(cfg, local=local, out=out and out.absolute(), **options)


state_dir_option = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for lock files. Default: [scheduler] state_dir, $STATE_DIRECTORY "
    "(systemd) or ~/.local/state/sheets-sync.",
)


today_option = click.option(
    "--today",
    callback=_parse_day,
    metavar="DD/MM/YYYY",
    help="Date the report this day (also YYYY-MM-DD; default: today in the plan's time zone).",
)
dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Show what would change; write nothing."
)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            click.echo(f"sheets-sync: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="sheets-sync")
@click.option(
    "-v", "--verbose", is_flag=True, help="Log every event and debugging detail (stderr)."
)
def main(verbose: bool) -> None:
    """Keep a commune's yearly plan honest: flag late tasks in the shared sheet and write the
    periodic reports."""
    _setup_logging(verbose)


@main.command(name="import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--local",
    "workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The workbook to write (.xlsx): created if new; its config is written beside it "
    "(OUT.toml).",
)
@google_option
@spreadsheet_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --google: a config whose [google] account settings the new config keeps.",
)
@click.option("--append", is_flag=True, help="Add the tasks to a sheet that already has some.")
@dry_run_option
def import_plan(
    document: Path,
    workbook: Path | None,
    google: bool,
    spreadsheet_id: str | None,
    config_path: Path | None,
    append: bool,
    dry_run: bool,
) -> None:
    """Read a signed plan (.docx; .doc/.odt with LibreOffice; a task table in .xlsx/.csv) and
    write its tasks, units and identity into a workbook (--local) or a Google Sheet (--google),
    with the plan's config beside it. Prints what it read and each line it could not."""
    from .importer import read_plan
    from .importer.summary import summary_lines
    from .importer.writer import into_google, into_local

    today = datetime.now(ZoneInfo(VN_ZONE)).date()
    if workbook and (google or spreadsheet_id):
        raise click.UsageError("choose --local or --google, not both")
    if not (workbook or google or spreadsheet_id or dry_run):
        raise click.UsageError("say where to write it: --local OUT.xlsx or --google")
    plan = read_plan(document, fallback_year=today.year)
    for line in summary_lines(plan):
        click.echo(line)
    if google or spreadsheet_id:
        admin = load(config_path) if config_path else None
        sheet = google_id(spreadsheet_id or (admin.google.spreadsheet_id if admin else ""))
        if not sheet:
            raise click.UsageError(
                "give --spreadsheet-id (or a --config with [google] spreadsheet_id)"
            )
        target = Path(f"{document.stem}.toml").absolute()
        lines = into_google(plan, admin, sheet, target, today=today, append=append, dry_run=dry_run)
        where = f"--google --config {target.name}"
    elif workbook:
        out = workbook.absolute()
        lines = into_local(plan, out, today=today, append=append, dry_run=dry_run)
        where = f"--local {workbook}"
    else:
        lines, where = [], ""
    for line in lines:
        click.echo(line)
    if dry_run:
        click.echo("(--dry-run: không ghi gì / nothing written)")
    elif where:
        click.echo(
            f"Tiếp theo / next: sheets-sync flag {where}; "
            f"sheets-sync report {where} --period {plan.year}-Q1"
        )


@main.command()
@click.argument("document", required=False, type=click.Path(dir_okay=False, path_type=Path))
@config_option
@local_option
@click.option("--force", is_flag=True, help="Replace the workbook if it exists.")
@google_option
@spreadsheet_option
@click.option(
    "--create-folder",
    metavar="NAME",
    help="With --google: also create the report folder NAME (as the jobs' account, so the "
    "drive.file scope reaches it) and print its id for [google] folder_id.",
)
@click.option(
    "--shared-drive",
    metavar="ID",
    help="With --create-folder: create it in this shared drive (or folder) instead of My Drive.",
)
@click.pass_context
def init(
    ctx: click.Context,
    document: Path | None,
    config_path: Path | None,
    workbook: Path | None,
    force: bool,
    google: bool,
    spreadsheet_id: str | None,
    create_folder: str | None,
    shared_drive: str | None,
) -> None:
    """Create an empty plan workbook for a config (headers, its unit lists, dropdowns), or
    (--google) add the tabs, headers, dropdowns, colours and protections to an existing Google
    spreadsheet without touching its data. Given a plan DOCUMENT, does what `import` does."""
    if document is not None:
        ctx.invoke(
            import_plan,
            document=document,
            workbook=workbook,
            google=google,
            spreadsheet_id=spreadsheet_id,
            config_path=config_path,
            append=False,
            dry_run=False,
        )
        return
    local = workbook and workbook.absolute()
    cfg = find_config(config_path, workbook=local, google=google or bool(spreadsheet_id))
    if google or spreadsheet_id:
        _init_google(cfg, spreadsheet_id, create_folder, shared_drive)
        return
    from .backends.local.layout import create_workbook

    path = local or cfg.path(cfg.local.workbook)
    create_workbook(path, cfg, [], force=force)
    units = f", {len(cfg.units)} đơn vị" if cfg.units else ""
    click.echo(
        f"Đã tạo {path} (kế hoạch trống{units}). Created {path}: an empty plan of {cfg.plan.name}."
    )


def _init_google(
    cfg: Config, spreadsheet_id: str | None, create_folder: str | None, parent: str | None
) -> None:
    from .backends.google import open_google
    from .backends.google.layout import create_report_folder, prepare

    backend = open_google(cfg, spreadsheet_id=spreadsheet_id)
    done, problems = prepare(backend, cfg)
    for line in done or ["(đã sẵn sàng, không cần thay đổi / already prepared)"]:
        click.echo(f"  ✓ {line}")
    for line in problems:
        click.echo(f"  ✗ {line}", err=True)
    if create_folder:
        folder_id = create_report_folder(cfg, create_folder, parent)
        click.echo(f'Thư mục báo cáo / report folder: folder_id = "{folder_id}"')
    if problems:
        raise SystemExit(2)


@main.command()
@config_option
@backend_options
@state_dir_option
@click.option(
    "--today",
    callback=_parse_day,
    metavar="DD/MM/YYYY",
    help="Judge the plan as of this day (also YYYY-MM-DD) instead of today in the plan's time "
    "zone: a what-if, shown as --dry-run shows it and not written unless --write.",
)
@click.option(
    "--write",
    "write_what_if",
    is_flag=True,
    help="With a --today other than today: write the what-if into the sheet anyway. Every note "
    "and the Nhật ký row say so, and the next run (or catch-up) puts today's statuses back.",
)
@dry_run_option
def flag(
    config_path: Path | None,
    state_dir: Path | None,
    today: date | None,
    write_what_if: bool,
    dry_run: bool,
    **options: Any,
) -> None:
    """Write due dates, statuses and notes into the job-owned columns, and a run-log row."""
    runner = _runner(config_path, state_dir, options)
    real = datetime.now(runner.cfg.zone).date()
    what_if = today is not None and today != real
    if what_if and not dry_run and not write_what_if:
        dry_run = True  # the officers' sheet shows today's statuses, whatever anyone tries
        click.echo(
            f"Chạy thử với ngày {today:%d/%m/%Y} (hôm nay là {real:%d/%m/%Y}): chỉ xem, không "
            f"ghi gì vào bảng tính; thêm --write để ghi (ghi chú và Nhật ký sẽ nói rõ là chạy "
            f"thử). (A --today other than today is a what-if: shown, nothing written.)",
            err=True,
        )
    done = _run_job(runner, "flag", dry_run=dry_run, today=today)
    if done.outcome:
        if dry_run:
            for line in done.outcome.changes or ["(không có thay đổi / nothing to change)"]:
                click.echo(line)
        click.echo(done.outcome.summary)
    if what_if and not dry_run and done.status == "done":
        click.echo(
            f"Đã ghi trạng thái tính thử cho ngày {today:%d/%m/%Y}; lần chạy tiếp theo (hoặc "
            f"'sheets-sync flag' ngay bây giờ) ghi lại trạng thái hôm nay. (The what-if is in "
            f"the sheet, marked as such, until the next run.)",
            err=True,
        )


@main.command()
@config_option
@backend_options
@state_dir_option
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help="Q1 … Q4 (or quý I … quý IV), H1 (6 tháng), 9M (9 tháng) or năm: of the plan's "
    "year; the year may be written too (YEAR-Q3).",
)
@click.option(
    "--provisional",
    is_flag=True,
    help="Allow a period that has not ended: figures so far, marked 'số liệu tạm tính' in the "
    "file name, title and body, kept apart from the period's own report.",
)
@today_option
@dry_run_option
def report(
    config_path: Path | None,
    state_dir: Path | None,
    period: str,
    provisional: bool,
    today: date | None,
    dry_run: bool,
    **options: Any,
) -> None:
    """Write the report of a reporting period of the plan's year once it has ended: a .docx in
    the output folder, or a Google Doc in the Drive folder (the same document on every run), and
    beside it the office's internal notes (data problems with where to fix them, status changes,
    what falls due soon)."""
    runner = _runner(config_path, state_dir, options)
    # Refused here, before the runner: a mistyped period leaves no Nhật ký row in the sheet.
    span = _reportable_period(runner.cfg, period, today, provisional=provisional)
    how = {"period": span.key, "provisional": provisional}
    done = _run_job(runner, "report", dry_run=dry_run, today=today, options=how)
    if done.outcome:
        for line in done.outcome.changes if dry_run else done.outcome.links:
            click.echo(line)
        for line in done.outcome.notices:
            click.echo(f"sheets-sync: {line}", err=True)


def _reportable_period(
    cfg: Config, period: str, today: date | None, *, provisional: bool = False
) -> ReportingPeriod:
    """The period ``--period`` names in the plan's year, refused (with the reason) when it is
    outside that year or has not ended and ``--provisional`` does not allow it."""
    try:
        key = parse_period(period, cfg.plan.year)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
    span = reporting_period(key, cfg.report.cut)  # type: ignore[arg-type]
    real = datetime.now(cfg.zone).date()
    check_reportable(span, cfg.plan.year, today or real, real, provisional=provisional)
    return span


def _run_job(runner: Runner, name: str, **how: Any) -> Run:
    """Run one job through the runner, as `run NAME` does: a failure exits 2 with its message
    (the runner has logged it and left its Nhật ký row)."""
    from .job import registry

    done = runner.run(registry()[name], **how)
    if done.status == "skipped":
        click.echo(f"{name}: bỏ qua, đang chạy ở nơi khác / skipped, {done.error}", err=True)
    if done.status == "failed":
        click.echo(f"sheets-sync: {done.error}", err=True)
        raise SystemExit(2)
    return done


@main.command()
@config_option
@click.option(
    "--google",
    is_flag=True,
    help="Accepted like on every other command; check is always about Google.",
)
@spreadsheet_option
@folder_option
def check(
    config_path: Path | None, google: bool, spreadsheet_id: str | None, folder_id: str | None
) -> None:
    """Check the Google setup within seconds: network, credentials, this machine's clock, the
    APIs, access to the sheet and the folder, the headers, whether reports can be created in
    the folder; name the cause of each failure and what to fix. Exit status 1 if not ready."""
    from .backends.google.check import FAIL, run_checks

    cfg = find_config(config_path, workbook=None, google=True)  # Google commands: no default
    findings = run_checks(
        cfg,
        spreadsheet_id=spreadsheet_id and google_id(spreadsheet_id),
        folder_id=folder_id and google_id(folder_id),
    )
    for finding in findings:
        click.echo(str(finding))
    if any(f.level == FAIL for f in findings):
        raise SystemExit(1)
    click.echo("Sẵn sàng chạy trên Google. / Ready to run on Google.")


@main.command()
@config_option
@click.option(
    "--client-secrets",
    type=click.Path(dir_okay=False, path_type=Path),
    help="OAuth client file (Desktop app) from the Cloud console. Default: [google] oauth_client.",
)
@click.option(
    "--token",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to keep the refresh token (mode 600). Default: [google] oauth_token.",
)
@click.option(
    "--no-browser",
    is_flag=True,
    help="For a server without a screen: print the link to open on any computer, then paste "
    "back the address the browser ends on (or the code in it).",
)
def authorize(
    config_path: Path | None, client_secrets: Path | None, token: Path | None, no_browser: bool
) -> None:
    """Authorise an officer's Google account once (OAuth), for auth = "oauth" or
    drive_auth = "oauth"; the refresh token is stored readable by its owner only."""
    from .backends.google.auth import OAUTH, scopes_for
    from .backends.google.auth import authorize as run_flow
    from .backends.google.causes import PUBLISH_FIX

    # A grant concerns an account, not a plan: with both files named, no config is needed;
    # otherwise the plan's config says where they are, and what the grant is for.
    cfg = (
        None
        if client_secrets and token and not config_path
        else (find_config(config_path, workbook=None, google=True))
    )
    # Without a config, the free Gmail setup (docs/google.md, A): the sheet goes through the
    # service account, the reports are uploaded as the officer.
    google = cfg.google if cfg else GoogleSection(drive_auth=OAUTH)
    scopes = scopes_for(google, OAUTH)
    if not scopes:
        raise click.UsageError(
            'cấu hình này không dùng tài khoản cán bộ: đặt auth hoặc drive_auth = "oauth" trong '
            "[google] trước / this config uses no officer's account: set auth or drive_auth = "
            '"oauth" in [google] first'
        )
    secrets = client_secrets or (cfg and google.oauth_client and cfg.path(google.oauth_client))
    if not secrets:
        raise click.UsageError("give --client-secrets or set [google] oauth_client")
    target = token or (cfg and cfg.path(google.oauth_token))

    def ask(text: str) -> str:
        click.echo(text)
        return click.prompt("Địa chỉ hoặc mã / address or code", prompt_suffix=": ")

    account = run_flow(
        Path(secrets),
        target,
        scopes,
        ask=ask if no_browser else None,
    )
    click.echo(f"Đã lưu quyền truy cập vào {target} (chỉ chủ tệp đọc được). Saved to {target}.")
    if account.refresh_expires_at is not None:
        ends = account.refresh_expires_at.astimezone(cfg.zone if cfg else ZoneInfo(VN_ZONE))
        click.echo(
            f"CẢNH BÁO: Google chỉ cấp quyền này đến {ends:%d/%m/%Y} — ứng dụng OAuth đang ở chế "
            "độ Thử nghiệm (Testing), báo cáo tự động sẽ dừng sau ngày đó. (Warning: the grant "
            f"ends on {ends:%Y-%m-%d}: the OAuth app is in Testing.)\n"
            f"  → {PUBLISH_FIX}",
            err=True,
        )


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SHEETS_SYNC_CONFIG",
    help="Dress the demo in this plan config's commune, sheet layout and report settings "
    "(letterhead, template, recipients, signer, cut). Default: the bundled Gia Tân config.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the demo workbook and reports.",
)
def demo(config_path: Path | None, out: Path) -> None:
    """Build a demo workbook from the seed plan with a 2024 progress log, flag it as of
    15/10/2024 (a what-if, marked so in its notes) and write the Q1–Q3 reports. The plan is
    always the sample one (its tasks, log and [plan] section); --config shows it the way your
    office's sheet and reports would look."""
    from .demo import run_demo

    if config_path is not None:
        click.echo(
            f"Kế hoạch mẫu Gia Tân 2024, trình bày theo cấu hình {config_path}. "
            f"(The sample plan, dressed in {config_path}.)",
            err=True,
        )
    result = run_demo(out, config_path and load(config_path))
    click.echo(f"\nSổ kế hoạch / workbook: {result.workbook}")
    click.echo(f"Trạng thái ngày {result.today:%d/%m/%Y}: {result.summary}")
    for line in result.tasks:
        click.echo(f"  {line}")
    click.echo("Báo cáo / reports:")
    for location in result.reports:
        click.echo(f"  {location}")


def _runner(config_path: Path | None, state_dir: Path | None, options: dict[str, Any]) -> Runner:
    """The runner every job command goes through (``flag``, ``report``, ``run``, ``serve``):
    one lock per job and plan, failures logged and recorded in ``Nhật ký``."""
    from .runner import Runner

    cfg, backend = _open(config_path, options)
    return Runner(backend, _log_in(cfg), state_dir=state_dir and state_dir.absolute())


plans_option = click.option(
    "--plans",
    "plans_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of plan configs (subfolders too): every plan in one process, each with the "
    "backend its config names (Google if [google] spreadsheet_id is set, else [local]).",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="With --plans: plans run side by side on this many threads.",
)


def _alone(plans_dir: Path | None, config_path: Path | None, backend: dict[str, Any]) -> None:
    if plans_dir and (config_path or any(backend.values())):
        raise click.UsageError(
            "--plans takes each plan's config and backend from the folder: leave out --config, "
            "--local, --out, --google, --spreadsheet-id and --folder-id"
        )


@main.command()
@config_option
@backend_options
@state_dir_option
@plans_option
@workers_option
def serve(
    config_path: Path | None,
    state_dir: Path | None,
    plans_dir: Path | None,
    workers: int,
    **backend: Any,
) -> None:
    """Run the jobs of [jobs] at their times (plan time zone) until SIGTERM or Ctrl-C; on start
    and every few minutes, catch up on missed runs and missing reports. For systemd. With
    --plans DIR, every plan of the folder in one process; configs added, changed or removed
    there are picked up without a restart."""
    from .job import registry
    from .scheduler import Scheduler

    _unattended()
    _alone(plans_dir, config_path, backend)
    if plans_dir:
        from .plans import PlanFolder

        folder = PlanFolder(plans_dir.absolute())
        _LOG_FORMAT.zone = ZoneInfo(VN_ZONE)  # the plans' own zone, in Vietnam
        state = state_dir and state_dir.absolute()
        Scheduler.of_folder(folder, registry(), workers=workers, state_dir=state).serve()
        return
    runner = _runner(config_path, state_dir, backend)
    Scheduler(runner, registry()).serve()


@main.command(name="run")
@click.argument("names", metavar="JOB...", nargs=-1, required=True)
@config_option
@backend_options
@state_dir_option
@plans_option
@workers_option
@click.option(
    "--if-owed",
    is_flag=True,
    help="Only do owed work, as serve's catch-up does: flag if its last [jobs] time passed "
    "without a successful run, report for closed periods that have no document.",
)
@dry_run_option
def run_jobs(
    names: tuple[str, ...],
    config_path: Path | None,
    state_dir: Path | None,
    plans_dir: Path | None,
    workers: int,
    if_owed: bool,
    dry_run: bool,
    **backend: Any,
) -> None:
    """Run jobs once, now (for cron or by hand): 'flag', or 'report' (the report of every
    closed period that has none yet). A job already running elsewhere is skipped. With --plans
    DIR, for every config of the folder that lists the job in its [jobs]."""
    from .job import SharedRead, registry

    _unattended()
    jobs = registry()
    unknown = [n for n in names if n not in jobs]
    if unknown:
        there = ", ".join(jobs)
        raise click.BadParameter(
            f"không có công việc {unknown[0]!r} (có: {there}) (no job {unknown[0]!r}; there are: "
            f"{there})"
        )
    _alone(plans_dir, config_path, backend)
    if plans_dir:
        _run_folder(plans_dir, [jobs[n] for n in names], state_dir, workers, if_owed, dry_run)
        return
    runner = _runner(config_path, state_dir, backend)
    failed = False
    shared = SharedRead()  # 'run flag report': the reports are made from flag's read
    for name in names:
        done = runner.run(jobs[name], only_if_owed=if_owed, dry_run=dry_run, shared=shared)
        if done.status == "idle":
            click.echo(f"{name}: nothing owed")
        if dry_run and done.outcome:
            for line in done.outcome.changes or ["(không có thay đổi / nothing to change)"]:
                click.echo(line)
        for line in done.outcome.notices if done.outcome else []:
            click.echo(f"sheets-sync: {line}", err=True)
        failed = failed or done.status == "failed"
    if failed:
        raise SystemExit(2)


def _run_folder(
    plans_dir: Path, jobs: list, state_dir: Path | None, workers: int, if_owed: bool, dry_run: bool
) -> None:
    """``run … --plans DIR``: one line per plan and job, exit 2 if any failed or any config
    did not load."""
    from .plans import PlanFolder, run_folder

    folder = PlanFolder(plans_dir.absolute())
    results = run_folder(
        folder,
        jobs,
        only_if_owed=if_owed,
        dry_run=dry_run,
        workers=workers,
        state_dir=state_dir and state_dir.absolute(),
    )
    for key, runs in results.items():
        for done in runs:
            what = done.outcome.summary if done.outcome else done.error or done.status
            click.echo(f"{key}: {done.job}: {done.status}: {what}")
    for key, message in folder.broken.items():
        click.echo(f"{key}: cấu hình lỗi / config not loaded: {message}", err=True)
    if folder.broken or any(d.status == "failed" for runs in results.values() for d in runs):
        raise SystemExit(2)


@main.command()
@click.option(
    "--plans",
    "plans_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The folder of plan configs to sum up. Default: [rollup] plans of the rollup config.",
)
@config_option
@state_dir_option
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help="Q1 … Q4 (or quý I … quý IV), H1 (6 tháng), 9M (9 tháng) or năm, once it has ended: "
    "of the rollup's year; the year may be written too (YEAR-Q3).",
)
@workers_option
@today_option
@dry_run_option
def rollup(
    plans_dir: Path | None,
    config_path: Path | None,
    state_dir: Path | None,
    period: str,
    workers: int,
    today: date | None,
    dry_run: bool,
) -> None:
    """The summary across plans for the level above: one row per plan and per lead unit in the
    summary sheet (a tab per period), and a report ranking the communes or plans. The rollup's
    own config (a .toml with [rollup]; default: the one in --plans DIR) says who compiles it
    and where the sheet and report go."""
    from .plans import PlanFolder, open_plan
    from .runner import Runner

    folder = None
    if config_path is None:
        if plans_dir is None:
            raise click.UsageError("give --plans DIR (or --config of a rollup config)")
        folder = PlanFolder(plans_dir.absolute())
        folder.scan()
        found = folder.rollups
        if len(found) != 1:
            raise click.UsageError(
                f"{plans_dir}: cần đúng một cấu hình tổng hợp (tệp .toml có mục [rollup]), thấy "
                f"{len(found)} — chép config/tong_hop_2024.toml vào đó, hoặc dùng --config. "
                f"(Exactly one rollup config is needed in the folder, found {len(found)}.)"
            )
        cfg = found[0].cfg
    else:
        cfg = load(config_path)
    span = _reportable_period(cfg, period, today)
    runner = Runner(open_plan(cfg), _log_in(cfg), state_dir=state_dir and state_dir.absolute())
    options: dict[str, Any] = {"period": span.key, "workers": workers}
    if plans_dir:
        options["plans"] = plans_dir.absolute()
    if folder is not None:
        options["folder"] = folder  # scanned: the job's scan loads only what changed since
    done = _run_job(runner, "rollup", dry_run=dry_run, today=today, options=options)
    if done.outcome:
        click.echo(done.outcome.summary)
        for line in done.outcome.changes if dry_run else done.outcome.links:
            click.echo(line)


@main.command()
@config_option
@click.option(
    "--plan-year",
    type=click.IntRange(2000, 2100),
    metavar="YEAR",
    help="The plan's year, for texts that name none ('Hằng quý'). Default: [plan] year of the "
    "config (--config or SHEETS_SYNC_CONFIG), else this year, and it says so.",
)
@click.argument("texts", nargs=-1)
def timeframe(config_path: Path | None, plan_year: int | None, texts: tuple[str, ...]) -> None:
    """Show how 'Thời gian thực hiện' texts are understood: one JSON object per text, or per
    line of stdin when none is given (put -- before a text that starts with a dash)."""
    from . import timeframe as parser

    if plan_year is None and config_path is not None:
        plan_year = _log_in(load(config_path)).plan.year
    if plan_year is None:
        plan_year = date.today().year
        click.echo(
            f"Năm kế hoạch: {plan_year} (năm nay) — ghi --plan-year hoặc --config để đổi. "
            f"(Plan year {plan_year}, this year: give --plan-year or --config.)",
            err=True,
        )
    for line in parser.json_lines(texts, sys.stdin, plan_year):
        click.echo(line)
