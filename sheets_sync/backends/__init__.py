"""Where the plan lives: the local .xlsx workbook, or the Google Sheet and Drive folder.

Both implement ``model.Backend``; jobs never know which one they talk to. ``open_backend`` picks
one from the command-line choices and the config, and imports only that one (each pulls in its
own libraries: python-calamine and lxml, or gspread and google-auth).
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..model import Backend


def open_backend(
    cfg: Config,
    *,
    local: Path | None = None,
    out: Path | None = None,
    google: bool = False,
    spreadsheet_id: str | None = None,
    folder_id: str | None = None,
) -> Backend:
    """The backend for this run: ``--local PATH`` (or the config's workbook) by default;
    ``--google`` (ids from ``[google]`` or ``--spreadsheet-id``/``--folder-id``) for Google."""
    if google or spreadsheet_id or folder_id:
        from .google import open_google

        return open_google(cfg, spreadsheet_id=spreadsheet_id, folder_id=folder_id)
    from .local import LocalBackend

    workbook = local or cfg.path(cfg.local.workbook)
    return LocalBackend(workbook, out or cfg.path(cfg.local.out_dir), zone=cfg.zone)
