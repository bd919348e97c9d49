"""The bundled .docx templates are what their build scripts make today.

``templates/make_template.py`` and ``templates/make_rollup_template.py`` are the source of the
templates (the rollup's reuses the report's building blocks). A change to a shared block that is
not followed by running both scripts leaves a committed template behind its source: the rollup's
signature block once kept a recipients loop the code no longer fed. Each script is run into a
temporary folder and every part of the result compared with the committed file.
"""

from __future__ import annotations

import runpy
import sys
import zipfile
from pathlib import Path

import pytest

from sheets_sync.resources import data_dir

TEMPLATES = data_dir("templates")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.fixture
def scripts(monkeypatch):
    """The build scripts as modules (the rollup's imports the report's by its bare name)."""
    monkeypatch.syspath_prepend(str(TEMPLATES))
    yield lambda name: runpy.run_path(str(TEMPLATES / name))
    sys.modules.pop("make_template", None)


def test_the_report_and_notes_templates_are_built_from_make_template(scripts, tmp_path):
    built = scripts("make_template.py")["main"](tmp_path)
    assert [p.name for p in built] == ["bao_cao.docx", "ghi_chu_noi_bo.docx"]
    for path in built:
        assert _parts(path) == _parts(TEMPLATES / path.name), (
            f"templates/{path.name} is not what make_template.py builds: run "
            ".venv/bin/python templates/make_template.py"
        )


def test_the_rollup_template_is_built_from_make_rollup_template(scripts, tmp_path):
    out = tmp_path / "bao_cao_tong_hop.docx"
    scripts("make_rollup_template.py")["main"](out)
    assert _parts(out) == _parts(TEMPLATES / out.name), (
        "templates/bao_cao_tong_hop.docx is not what make_rollup_template.py builds: run "
        ".venv/bin/python templates/make_rollup_template.py"
    )
