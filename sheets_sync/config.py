"""Configuration: one TOML file per plan, checked on load.

Usage::

    >>> from sheets_sync import contract
    >>> from sheets_sync.resources import default_config_path
    >>> cfg = load(default_config_path())        # the bundled demo config
    >>> cfg.plan.year, cfg.plan.number
    (2024, '13/KH-UBND')
    >>> cfg.sheet.label(contract.TASKS, "timeframe")
    'Thời gian thực hiện'

Every section is a dataclass; the loader walks their type hints, so a wrong type, a missing key or
an unknown key (a typo) fails with a message that names the file, the section and the key.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import contract
from .holidays import WorkCalendar
from .resources import default_config_path, default_template_path


class ConfigError(ValueError):
    """A configuration value is missing, of the wrong type, or out of range."""


@dataclass(frozen=True)
class PlanSection:
    name: str  # the plan's title (trích yếu), e.g. "Kế hoạch tuyên truyền … năm 2024"
    year: int
    number: str = ""  # the signed plan's number, e.g. "13/KH-UBND"
    issued: str = ""  # the day it was signed, e.g. "2024-02-05"
    reference: str = ""  # how reports cite it; blank: built from number, issued and name
    timezone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        _check(2000 <= self.year <= 2100, "year", "một năm từ 2000 đến 2100", "a year 2000–2100")
        if self.issued:
            try:
                date.fromisoformat(self.issued)
            except ValueError:
                raise _expected(
                    "issued",
                    f'ngày ký dạng "năm-tháng-ngày", ví dụ "{self.year}-02-05"',
                    f'a date like "{self.year}-02-05"',
                    self.issued,
                ) from None
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"timezone: không có múi giờ {self.timezone!r} — ghi ví dụ 'Asia/Ho_Chi_Minh'. "
                f"(Unknown time zone {self.timezone!r}.)"
            ) from None

    @property
    def issued_on(self) -> date | None:
        return date.fromisoformat(self.issued) if self.issued else None


@dataclass(frozen=True)
class OrganisationSection:
    name: str
    commune: str
    place: str
    parent: str = "ỦY BAN NHÂN DÂN"
    abbreviation: str = "UBND"


@dataclass(frozen=True)
class ColumnsSection:
    """Header renames per tab, e.g. ``[sheet.columns.tasks] timeframe = "Thời hạn"``."""

    tasks: dict[str, str] = field(default_factory=dict)
    progress: dict[str, str] = field(default_factory=dict)
    log: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for tab in contract.TABS:
            for key, label in getattr(self, tab.key).items():
                known = [c.key for c in tab.columns]
                names = ", ".join(known)
                _check(key in known, f"{tab.key}.{key}", f"một trong {names}", f"one of {names}")
                where = f"{tab.key}.{key}"
                _check(bool(label.strip()), where, "tiêu đề cột không trống", "a header text")


@dataclass(frozen=True)
class SheetSection:
    tasks_tab: str = contract.TASKS.title
    progress_tab: str = contract.PROGRESS.title
    log_tab: str = contract.LOG.title
    columns: ColumnsSection = field(default_factory=ColumnsSection)

    def tab_title(self, tab: contract.Tab) -> str:
        return getattr(self, f"{tab.key}_tab")

    def label(self, tab: contract.Tab, column_key: str) -> str:
        """The header text of a column: the config's rename if any, else the contract's."""
        renames: dict[str, str] = getattr(self.columns, tab.key)
        return renames.get(column_key, tab.column(column_key).label)


@dataclass(frozen=True)
class StatusSection:
    due_soon_days: int = 14
    roll_to_working_day: bool = False
    extra_holidays: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check(
            0 <= self.due_soon_days <= 366,
            "due_soon_days",
            "số ngày từ 0 đến 366",
            "a number of days from 0 to 366",
        )
        for text in self.extra_holidays:
            try:
                date.fromisoformat(text)
            except ValueError:
                raise _expected(
                    "extra_holidays",
                    'các ngày dạng "năm-tháng-ngày"',
                    'dates like "YYYY-MM-DD"',
                    text,
                ) from None

    @property
    def calendar(self) -> WorkCalendar | None:
        """The working-day calendar when due dates roll off days off, else None."""
        if not self.roll_to_working_day:
            return None
        return WorkCalendar.with_extra(date.fromisoformat(d) for d in self.extra_holidays)


@dataclass(frozen=True)
class ReportSection:
    subject: str
    signer_name: str
    cut: str = "calendar"
    number: str = ""
    due_day: int = 20
    addressee: str = ""
    recipients: list[str] = field(default_factory=list)
    signer_on_behalf: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    template: str = ""
    numbers: dict[str, str] = field(default_factory=dict)  # period key -> the report's number
    # "blank": "ngày     tháng 10 năm 2024", the day written by hand at signing; "today": the
    # day the report is made.
    signing_date: str = "blank"

    def __post_init__(self) -> None:
        _check(
            self.cut in ("calendar", "nd09"),
            "cut",
            "'calendar' hoặc 'nd09'",
            "'calendar' or 'nd09'",
        )
        _check(
            self.signing_date in ("blank", "today"),
            "signing_date",
            "'blank' (để trống ngày, ghi tay khi ký) hoặc 'today'",
            "'blank' or 'today'",
        )
        _check(1 <= self.due_day <= 31, "due_day", "ngày trong tháng, 1 đến 31", "a day 1–31")


@dataclass(frozen=True)
class LocalSection:
    workbook: str = "ke-hoach.xlsx"
    out_dir: str = "bao-cao"


_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


@dataclass(frozen=True)
class SchedulerSection:
    """How ``sheets-sync serve`` looks for owed work; see docs/deploy.md."""

    check_minutes: int = 10  # catch-up: how often to look for a missed run or a missing report
    retry_minutes: int = 60  # a failed job is not retried by catch-up sooner than this
    state_dir: str = ""  # lock files; blank: $STATE_DIRECTORY, else ~/.local/state/sheets-sync

    def __post_init__(self) -> None:
        _check(1 <= self.check_minutes <= 1440, "check_minutes", "số phút từ 1 đến 1440", "1–1440")
        _check(
            1 <= self.retry_minutes <= 10080, "retry_minutes", "số phút từ 1 đến 10080", "1–10080"
        )


@dataclass(frozen=True)
class JobSection:
    """``[jobs.NAME]``: when the job runs, as daily times in the plan's time zone."""

    at: list[str] = field(default_factory=list)  # "06:30" or "06:30:15"; empty: catch-up only

    def __post_init__(self) -> None:
        for value in self.at:
            if not _CLOCK.match(value):
                raise _expected("at", 'giờ dạng "06:30"', 'times like "06:30"', value)

    @property
    def times(self) -> list[time]:
        return sorted(time.fromisoformat(value) for value in self.at)

    def latest(self, now: datetime) -> datetime | None:
        """The last of this job's times at or before ``now`` (aware), in ``now``'s zone."""
        zone = now.tzinfo
        candidates = [
            datetime.combine(now.date() - timedelta(days=back), t, zone)
            for back in (0, 1)
            for t in self.times
        ]
        return max((c for c in candidates if c <= now), default=None)


@dataclass(frozen=True)
class QuotaSection:
    """``[google.quota]``: the Sheets API's per-minute limits the jobs keep under, as the Cloud
    console shows them (APIs & Services > Google Sheets API > Quotas); Google's defaults here."""

    reads_per_user: int = 60  # read requests a minute per account (a service account is one)
    writes_per_user: int = 60
    reads_per_project: int = 300  # per Cloud project, all its accounts together
    writes_per_project: int = 300

    def __post_init__(self) -> None:
        for key in ("reads_per_user", "writes_per_user", "reads_per_project", "writes_per_project"):
            ok = 1 <= getattr(self, key) <= 1_000_000
            _check(ok, key, "số yêu cầu mỗi phút, ít nhất 1", "requests a minute, at least 1")


@dataclass(frozen=True)
class GoogleSection:
    """Where the plan lives on Google, and who the jobs act as (docs/google.md)."""

    spreadsheet_id: str = ""
    folder_id: str = ""  # the Drive folder reports go to
    auth: str = "service_account"  # or "oauth": an officer's account, authorised once
    # Service-account key; blank: $GOOGLE_APPLICATION_CREDENTIALS. A list of keys shares the
    # load: the plan keeps to one of them, chosen from its spreadsheet id (``key_for``), and
    # after loading ``credentials`` is that one (``credentials_pool`` has them all).
    credentials: str | list[str] = ""
    oauth_client: str = ""  # OAuth client secrets (Desktop app) for `sheets-sync authorize`
    oauth_token: str = "google-token.json"  # the officer's refresh token, kept 0600
    drive_auth: str = ""  # blank: as `auth`; "oauth": Drive uploads as the officer
    drive_scope: str = "drive.file"  # or "drive" (see docs/google.md for when it is needed)
    timeout: int = 60  # seconds to wait for one response
    deadline: int = 300  # seconds to keep retrying one request before giving up
    quota: QuotaSection = field(default_factory=QuotaSection)
    credentials_pool: tuple[str, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        vi, en = "'service_account' hoặc 'oauth'", "'service_account' or 'oauth'"
        _check(self.auth in ("service_account", "oauth"), "auth", vi, en)
        _check(self.drive_auth in ("", "service_account", "oauth"), "drive_auth", vi, en)
        vi, en = "'drive.file' hoặc 'drive'", "'drive.file' or 'drive'"
        _check(self.drive_scope in ("drive.file", "drive"), "drive_scope", vi, en)
        _check(1 <= self.timeout <= 600, "timeout", "số giây từ 1 đến 600", "seconds 1–600")
        _check(
            self.timeout <= self.deadline <= 3600,
            "deadline",
            "số giây từ timeout đến 3600",
            "seconds from timeout to 3600",
        )
        for key in ("spreadsheet_id", "folder_id"):
            # Admins paste the browser link; the id is the part after /d/ or /folders/.
            object.__setattr__(self, key, google_id(getattr(self, key)))
            ok = bool(_GOOGLE_ID.fullmatch(getattr(self, key)))
            _check(ok, key, "mã hoặc đường link Google", "a Google id or link")
        pool = self.credentials if isinstance(self.credentials, list) else [self.credentials]
        if isinstance(self.credentials, list):
            names = [Path(k).name for k in pool]
            _check(
                bool(pool) and all(names),
                "credentials",
                "một tệp khóa hoặc danh sách tệp khóa",
                "a key file or a list of key files",
            )
            _check(
                len(set(names)) == len(names),
                "credentials",
                "các tệp khóa có tên khác nhau",
                "key files of different names",
            )
            object.__setattr__(self, "credentials", key_for(self.spreadsheet_id, pool))
        object.__setattr__(self, "credentials_pool", tuple(k for k in pool if k))

    @property
    def drive_mode(self) -> str:
        return self.drive_auth or self.auth


def key_for(spreadsheet_id: str, keys: list[str]) -> str:
    """The key a plan uses among several: rendezvous hashing of the spreadsheet id with each
    key's file name, so a plan keeps its account across restarts and servers, the plans spread
    evenly, and adding a key moves only the plans the new one wins (about one in n)."""

    def score(key: str) -> bytes:
        return hashlib.sha256(f"{spreadsheet_id}\n{Path(key).name}".encode()).digest()

    return max(keys, key=score)


@dataclass(frozen=True)
class RollupSection:
    """``[rollup]``: this config is the summary across the plans of a folder (``sheets-sync
    rollup``, the ``rollup`` job), not a plan. Its ``[organisation]`` and ``[report]`` are the
    compiling body's; ``[local]`` or ``[google]`` say where the summary sheet and report go."""

    plans: str = "."  # the folder of plan configs, relative to this file


@dataclass(frozen=True)
class Config:
    plan: PlanSection
    organisation: OrganisationSection
    report: ReportSection
    sheet: SheetSection = field(default_factory=SheetSection)
    status: StatusSection = field(default_factory=StatusSection)
    local: LocalSection = field(default_factory=LocalSection)
    scheduler: SchedulerSection = field(default_factory=SchedulerSection)
    jobs: dict[str, JobSection] = field(default_factory=dict)  # job name -> when it runs
    google: GoogleSection = field(default_factory=GoogleSection)
    # The plan's units, canonical name -> the other ways people write it ("VP HĐND-UBND"), in
    # the order reports list them. Blank: the units of the sheet's Danh mục tab.
    units: dict[str, list[str]] = field(default_factory=dict)
    rollup: RollupSection | None = None  # set: the summary of a folder of plans, not a plan
    source: Path | None = None  # the file it came from; relative paths are resolved against it

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.plan.timezone)

    def path(self, value: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(value).expanduser()
        if p.is_absolute() or self.source is None:
            return p
        return self.source.parent / p

    @property
    def template_path(self) -> Path:
        return self.path(self.report.template) if self.report.template else default_template_path()

    @property
    def state_dir(self) -> Path:
        """Where lock files live: the config's choice, systemd's StateDirectory, or ~/.local."""
        if self.scheduler.state_dir:
            return self.path(self.scheduler.state_dir)
        if os.environ.get("STATE_DIRECTORY"):  # set by systemd's StateDirectory=
            return Path(os.environ["STATE_DIRECTORY"].split(":")[0])
        base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        return Path(base) / "sheets-sync"


_GOOGLE_ID = re.compile(r"[A-Za-z0-9_-]*")
_ID_IN_LINK = re.compile(r"/(?:d|folders)/([A-Za-z0-9_-]+)")


def google_id(value: str) -> str:
    """The id in a Sheets/Drive link (``…/spreadsheets/d/ID/edit``, ``…/folders/ID``), or as is."""
    found = _ID_IN_LINK.search(value)
    return found.group(1) if found else value.strip()


def load(path: str | Path | None = None) -> Config:
    """Read and check a config file; ``None`` loads the bundled Gia Tân 2024 config (the demo's
    and the tests'; commands never fall back to it, see ``discovery``)."""
    source = Path(path) if path is not None else default_config_path()
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{source}: không thấy tệp cấu hình — ghi đường dẫn đúng sau --config. "
            f"(Config file not found.)"
        ) from None
    return loads(text, source)


def loads(text: str, source: Path) -> Config:
    """A config from its TOML ``text``, as if read from ``source`` (relative paths in it are
    relative to that file's folder, which need not exist yet)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: tệp cấu hình viết sai cú pháp TOML — {exc}. (Not valid TOML: {exc}.)"
        ) from None
    try:
        return _build(Config, data, "", extra={"source": source.resolve()})
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def _check(ok: bool, key: str, vi: str, en: str) -> None:
    """Messages name the key, then say what it needs in Vietnamese, then in English."""
    if not ok:
        raise ConfigError(f"{key}: cần {vi} (expected {en})")


def _expected(key: str, vi: str, en: str, got: Any) -> ConfigError:
    return ConfigError(f"{key}: cần {vi}, không phải {got!r} (expected {en}, got {got!r})")


def _build(cls: type, data: Any, where: str, extra: dict[str, Any] | None = None) -> Any:
    """Make dataclass ``cls`` from a TOML table, checking every key against its type hints."""
    if not isinstance(data, dict):
        raise ConfigError(
            f"{where or 'top level'}: cần một bảng [{where}] (expected a table like [{where}])"
        )
    hints = typing.get_type_hints(cls)
    settable = [f for f in fields(cls) if f.init and f.name != "source"]
    unknown = sorted(set(data) - {f.name for f in settable})
    if unknown:
        names = ", ".join(f.name for f in settable)
        raise ConfigError(
            f"{_key(where, unknown[0])}: không có mục này — các mục ở đây: {names} "
            f"(unknown key; known here: {names})"
        )
    kwargs: dict[str, Any] = dict(extra or {})
    for f in settable:
        key = _key(where, f.name)
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise ConfigError(f"{key}: thiếu mục này (missing)")
            continue
        kwargs[f.name] = _value(hints[f.name], data[f.name], key)
    try:
        return cls(**kwargs)
    except ConfigError as exc:
        raise ConfigError(_key(where, str(exc))) from None


def _is_dataclass(hint: Any) -> bool:
    return isinstance(hint, type) and hasattr(hint, "__dataclass_fields__")


def _value(hint: Any, value: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    if _is_dataclass(hint):
        return _build(hint, value, key)
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                f'{key}: cần danh sách chữ, ví dụ ["a", "b"] (expected a list of texts)'
            )
        return list(value)
    if origin is dict and _is_dataclass(typing.get_args(hint)[1]):
        if not isinstance(value, dict):
            raise ConfigError(
                f"{key}: cần các bảng [{key}.tên] (expected tables like [{key}.name])"
            )
        return {
            name: _build(typing.get_args(hint)[1], v, f"{key}.{name}") for name, v in value.items()
        }
    if origin is dict and typing.get_origin(typing.get_args(hint)[1]) is list:
        if not isinstance(value, dict):
            raise ConfigError(
                f"{key}: cần bảng các danh sách chữ (expected a table of lists of texts)"
            )
        return {
            name: _value(typing.get_args(hint)[1], v, f"{key}.{name}") for name, v in value.items()
        }
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{key}: cần bảng các giá trị chữ (expected a table of texts)")
        return dict(value)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        # Of ``str | list[str]``, the member the TOML value is (else the first, for its message).
        fits = [a for a in options if (typing.get_origin(a) or a) is type(value)]
        return _value((fits or options)[0], value, key)
    # bool is an int in Python; a config 'true' must not pass as a number of days.
    if hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _expected(key, "một số nguyên", "a whole number", value)
    if hint in (str, bool) and not isinstance(value, hint):
        if hint is str:
            raise _expected(key, "chữ trong ngoặc kép", "text in quotes", value)
        raise _expected(key, "true hoặc false", "true or false", value)
    return value


def _key(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
