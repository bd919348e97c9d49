"""A folder of plans as an administrator lays it out: one subfolder per commune, each plan a
``NAME.toml`` beside its ``NAME.xlsx`` (what ``sheets-sync import`` writes), the workbook and
report folder relative to the config."""

from __future__ import annotations

import shutil
from pathlib import Path

from sheets_sync.config import load
from sheets_sync.demo import build_demo_workbook
from sheets_sync.resources import default_config_path
from sheets_sync.text import ascii_filename

DAILY = '[jobs.flag]\nat = ["06:30"]\n\n[jobs.report]\nat = ["07:00"]\n'


def plan_config(commune: str, name: str, state: Path, jobs: str = DAILY) -> str:
    """The bundled config for ``commune``'s plan ``name``: its workbook beside it."""
    text = default_config_path().read_text(encoding="utf-8").split("\n[jobs.", 1)[0]
    for old, new in (
        ('name = "XÃ GIA TÂN"', f'name = "{commune.upper()}"'),
        ('commune = "xã Gia Tân"', f'commune = "{commune}"'),
        ('workbook = "ke-hoach-gia-tan-2024.xlsx"', f'workbook = "{name}.xlsx"'),
        ('out_dir = "bao-cao"', f'out_dir = "bao-cao-{name}"'),
    ):
        assert old in text, old
        text = text.replace(old, new)
    return f"{text}\n{jobs}\n[scheduler]\nstate_dir = '{state}'\n"


def add_plan(folder: Path, commune: str, name: str = "cchc-2024", jobs: str = DAILY) -> Path:
    """A commune's plan in ``folder/<commune>/``: the demo workbook and its config."""
    where = folder / ascii_filename(commune).replace(" ", "-").lower()
    where.mkdir(parents=True, exist_ok=True)
    config = where / f"{name}.toml"
    config.write_text(plan_config(commune, name, folder.parent / "state", jobs), encoding="utf-8")
    cfg = load(config)
    workbook = cfg.path(cfg.local.workbook)
    template = folder.parent / "demo-template.xlsx"
    if not template.exists():  # one demo workbook, copied: building it takes a while
        build_demo_workbook(template, cfg)
    shutil.copyfile(template, workbook)
    return config


def plan_folder(root: Path, communes: list[str]) -> Path:
    folder = root / "plans"
    for commune in communes:
        add_plan(folder, commune)
    return folder
