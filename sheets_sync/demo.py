"""A demo plan: the seed plan's workbook with a realistic 2024 progress log.

Usage::

    build_demo_workbook(Path("demo-output/ke-hoach.xlsx"), cfg)   # the workbook only
    result = run_demo(Path("demo-output"))     # and flag it, and write the Q1–Q3 reports
    result = run_demo(Path("demo-output"), load("xa-my-plan.toml"))  # in an office's dress

The log is generated with a fixed seed so every run is the same. It has what a real commune's
log has: several units and forms of publicity, months in which the radio slot was missed
(June and September), one task finished late (task 3, due at the end of the first quarter,
posted in April), one task done on time, and two rows an officer got wrong (an impossible date,
a task number that does not exist), so the notes and the report's data section have something
to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import contract, seed
from .backends.local.layout import create_workbook
from .backends.local.workbook import save_atomically, set_raw
from .config import Config, load
from .resources import default_config_path
from .sheet import find_header, labels_for

DEMO_TODAY = date(2024, 10, 15)  # after the third quarter closed: Q1–Q3 reports are due
SEED = 20240205  # the plan's signing day

# (task, unit, form, what) templates for progress rows.
_RADIO = (
    "Đài Truyền thanh xã",
    "Phát thanh",
    "Phát sóng chuyên mục Cải cách hành chính trên Đài Truyền thanh xã",
)
_NEWS = [
    (
        "Công chức VHTT - TDTT",
        "Tin bài",
        "Đăng tin về kết quả CCHC trên Trang thông tin điện tử xã",
    ),
    ("Công chức Văn phòng - Thống kê", "Tin bài", "Tin bài về tình hình CCHC của UBND xã"),
    (
        "Ủy ban MTTQ và các tổ chức chính trị - xã hội",
        "Hội nghị",
        "Lồng ghép tuyên truyền CCHC trong hội nghị chi hội",
    ),
    ("Công chức VHTT - TDTT", "Mạng xã hội (Zalo, Fanpage)", "Chia sẻ tin CCHC trên Fanpage xã"),
]
_ONE_STOP = (
    "Bộ phận tiếp nhận và trả kết quả (một cửa)",
    "Niêm yết",
    "Niêm yết công khai TTHC mới công bố và quy trình nội bộ",
)


def progress_rows(rng: random.Random) -> list[list[object]]:
    """[date, task, unit, form, content, count, evidence] rows for 2024 up to the demo day."""
    rows: list[list[object]] = []
    for month in range(1, 11):
        if month not in (6, 9):  # the radio slot was missed in June and September
            day = date(2024, month, rng.randint(5, 25))
            if day <= DEMO_TODAY:
                rows.append([day, 5, *_RADIO, 1, ""])
        for _ in range(rng.randint(1, 3)):  # news of reform, most months
            day = date(2024, month, rng.randint(1, 28))
            if day <= DEMO_TODAY and month != 8:
                unit, form, content = rng.choice(_NEWS)
                rows.append([day, 1, unit, form, content, rng.randint(1, 4), ""])
    for month in (1, 3, 4, 5, 10):  # the one-stop desk posted procedures, but not in Q3
        day = date(2024, month, rng.randint(2, 14))
        rows.append([day, 2, *_ONE_STOP, rng.randint(3, 12), ""])
    rows += [
        [
            date(2024, 4, 8),
            3,
            "Công chức Văn phòng HĐND - UBND",
            "Tin bài",
            "Đăng kết quả Chỉ số CCHC, Chỉ số hài lòng năm 2023 lên Cổng thông tin điện tử xã",
            2,
            "https://giatan.gialoc.haiduong.gov.vn/",
        ],
        [
            date(2024, 3, 22),
            4,
            "Công chức Văn phòng Đảng ủy - Nội vụ",
            "Hội nghị",
            "Hội nghị triển khai nhiệm vụ CCHC năm 2024",
            1,
            "",
        ],
        [
            date(2024, 8, 16),
            4,
            "Công chức Văn phòng Đảng ủy - Nội vụ",
            "Hội nghị",
            "Hội nghị sơ kết CCHC 6 tháng đầu năm",
            1,
            "",
        ],
        [
            date(2024, 6, 20),
            6,
            "Công chức Văn phòng HĐND - UBND",
            "Đối thoại",
            "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân về TTHC đất đai",
            1,
            "",
        ],
        [
            date(2024, 10, 2),
            7,
            "Công chức Văn phòng Đảng ủy - Nội vụ",
            "Khảo sát",
            "Xây dựng kế hoạch khảo sát sự hài lòng năm 2024",
            1,
            "",
        ],
        ["31/02/2024", 1, "Công chức VHTT - TDTT", "Tin bài", "Tin bài (ngày ghi nhầm)", 1, ""],
        [
            date(2024, 7, 3),
            9,
            "Công chức Tư pháp - Hộ tịch",
            "Tập huấn",
            "Lồng ghép tuyên truyền CCHC trong buổi phổ biến pháp luật",
            1,
            "",
        ],
    ]
    rows.sort(key=lambda r: r[0] if isinstance(r[0], date) else date(2024, 2, 28))
    return rows


def build_demo_workbook(path: Path, cfg: Config) -> None:
    """Create the seed workbook at ``path`` and fill in what the officers did in 2024."""
    create_workbook(path, cfg, seed.TASKS, units=seed.UNIT_LIST, force=True)
    import openpyxl  # only to make the demo's workbook: the jobs never load it

    wb = openpyxl.load_workbook(path)
    progress = wb[cfg.sheet.tab_title(contract.PROGRESS)]
    for r, values in enumerate(progress_rows(random.Random(SEED)), start=2):
        for c, value in enumerate(values, start=1):
            set_raw(progress.cell(r, c), value)
    tasks = wb[cfg.sheet.tab_title(contract.TASKS)]
    grid = [list(row) for row in tasks.iter_rows(values_only=True)]
    header = find_header(grid, contract.TASKS, labels_for(cfg, contract.TASKS), tasks.title)
    done = {"3": date(2024, 4, 12), "6": date(2024, 6, 28)}  # task 3 late, task 6 on time
    for r in range(header.row + 1, len(grid)):
        stt = str(grid[r][header.columns["stt"]])
        if stt in done:
            set_raw(tasks.cell(r + 1, header.columns["done"] + 1), done[stt])
    save_atomically(wb, path)


@dataclass
class DemoResult:
    workbook: Path
    today: date
    summary: str  # flag's
    tasks: list[str]  # "  1  Đang thực hiện  …" as the sheet now shows each task
    reports: list[str]  # where the reports are, each followed by the office's notes


def demo_config(dress: Config | None = None) -> Config:
    """The demo's config: the bundled Gia Tân one, or ``dress`` (an office's own) with the
    sample plan's ``[plan]`` and units, since the tasks and the progress log are the sample's."""
    sample = load(default_config_path())
    if dress is None:
        return sample
    return replace(dress, plan=sample.plan, units=sample.units)


def run_demo(out: Path, dress: Config | None = None) -> DemoResult:
    """What ``make demo`` shows: the demo workbook in ``out``, flagged as of ``DEMO_TODAY``
    (a what-if, marked so) and reported for Q1–Q3, through the same runner as every job
    command; ``dress``: an office's config to show it in (``demo_config``)."""
    from .backends.local.workbook import LocalBackend
    from .job import JobFailed, registry
    from .runner import Runner
    from .sheet import read_plan

    cfg = demo_config(dress)
    workbook = out.absolute() / cfg.local.workbook
    build_demo_workbook(workbook, cfg)
    backend = LocalBackend(workbook, out.absolute() / cfg.local.out_dir, zone=cfg.zone)
    runner, jobs = Runner(backend, cfg), registry()
    flagged = runner.run(jobs["flag"], today=DEMO_TODAY)
    reports = [
        runner.run(jobs["report"], today=DEMO_TODAY, options={"period": f"2024-Q{q}"})
        for q in (1, 2, 3)
    ]
    failed = next((r for r in (flagged, *reports) if r.status != "done"), None)
    if failed is not None:
        raise JobFailed(failed.error or f"{failed.job}: {failed.status}")
    plan = read_plan(backend.read([cfg.sheet.tab_title(t) for t in contract.TABS]), cfg)
    tasks = [_shown(t.stt, t.shown["status"], t.shown["note"]) for t in plan.tasks]
    return DemoResult(
        workbook,
        DEMO_TODAY,
        flagged.outcome.summary if flagged.outcome else "",
        tasks,
        [link for r in reports if r.outcome for link in r.outcome.links],
    )


def _shown(stt: str, status: object, note: object) -> str:
    """A task as the sheet now shows it, on one line: number, status, the note's first line."""
    first = str(note or "").split("\n")[0]
    return f"{stt:>3}  {status or ''!s:<20} {first}"
