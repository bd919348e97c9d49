"""Where the bundled templates and configs are, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The ``templates`` or ``config`` folder: beside the package (checkout) or in it (wheel)."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found near {_PACKAGE}")


def default_config_path() -> Path:
    return data_dir("config") / "gia_tan_2024.toml"


def default_template_path() -> Path:
    return data_dir("templates") / "bao_cao.docx"


def default_companion_path() -> Path:
    """The template of the office's internal notes written beside each report."""
    return data_dir("templates") / "ghi_chu_noi_bo.docx"
