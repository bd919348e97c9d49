"""The config an import writes loads, and holds the plan's own letterhead, year and units."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sheets_sync.config import load
from sheets_sync.importer import read_plan
from sheets_sync.importer.writer import _account, plan_config
from sheets_sync.resources import default_config_path
from tests.importer.plan_corpus import CORPUS


@pytest.mark.parametrize("doc", CORPUS, ids=lambda p: p.name)
def test_the_written_config_loads_with_the_plan_s_own_values(tmp_path: Path, doc):
    plan = read_plan(doc.write(tmp_path), fallback_year=2000)
    path = tmp_path / f"{doc.name}.toml"
    drafted, text = plan_config(plan, path, workbook=f"{doc.name}.xlsx", today=date(2026, 12, 5))
    path.write_text(text, encoding="utf-8")
    cfg = load(path)
    assert drafted == cfg  # the config the import goes on with is the one it wrote
    assert cfg.plan.year == doc.year
    assert (cfg.plan.number, cfg.plan.issued_on) == (doc.head.number, doc.head.issued)
    assert (cfg.organisation.parent, cfg.organisation.name) == (doc.head.parent, doc.head.name)
    assert cfg.organisation.place == doc.head.locality
    assert cfg.report.signer_name == doc.head.signer_name
    assert cfg.report.signer_title == doc.head.signer_title
    assert cfg.units == plan.units
    assert cfg.path(cfg.local.workbook) == tmp_path / f"{doc.name}.xlsx"
    text = path.read_text(encoding="utf-8")
    assert "Gia Tân" not in text
    if doc.year != 2024:
        assert "2024" not in text


def test_the_report_subject_drops_the_year_and_a_leading_thuc_hien(tmp_path: Path):
    from sheets_sync.importer.configfile import report_subject

    subjects = {
        d.name: report_subject(read_plan(d.write(tmp_path), fallback_year=2000)) for d in CORPUS
    }
    assert subjects["de-an-06-xa-dong-hung-2025"] == "Kết quả thực hiện Đề án 06"
    assert subjects["pccc-thi-tran-phu-thai-2023"] == (
        "Kết quả thực hiện công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ"
    )
    assert (
        subjects["an-toan-thuc-pham-thi-tran-nam-sach-2026"]
        == "Kết quả thực hiện bảo đảm an toàn thực phẩm"
    )


def test_an_officer_s_token_is_found_from_the_new_config_s_folder(tmp_path: Path):
    """Imported with --config of an OAuth office: the new config, written in another folder,
    names the officer's token where it is (beside the office's config), not beside itself."""
    office = tmp_path / "van-phong" / "google.toml"
    office.parent.mkdir()
    bundled = default_config_path().read_text(encoding="utf-8")
    office.write_text(bundled + '\n[google]\nauth = "oauth"\noauth_client = "client.json"\n')
    plan = read_plan(CORPUS[0].write(tmp_path), fallback_year=2000)
    path = tmp_path / "ke-hoach" / "plan.toml"
    google = {"spreadsheet_id": "abc", **_account(load(office))}

    cfg, _ = plan_config(plan, path, workbook="plan.xlsx", today=date(2026, 12, 5), google=google)

    assert cfg.path(cfg.google.oauth_token) == office.parent / "google-token.json"
    assert cfg.path(cfg.google.oauth_client) == office.parent / "client.json"
    assert cfg.path(cfg.local.workbook) == path.parent / "plan.xlsx"
