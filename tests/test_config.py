import re
from datetime import date
from pathlib import Path

import pytest

from sheets_sync import contract
from sheets_sync.config import ConfigError, load
from sheets_sync.resources import default_config_path


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _default_with(tmp_path: Path, old: str, new: str) -> Path:
    text = default_config_path().read_text(encoding="utf-8")
    assert old in text, old
    return _write(tmp_path, text.replace(old, new))


def test_default_config_describes_the_gia_tan_plan(cfg):
    assert cfg.plan.year == 2024
    assert cfg.organisation.commune == "xã Gia Tân"
    assert cfg.plan.timezone == "Asia/Ho_Chi_Minh"
    assert cfg.status.due_soon_days == 14
    assert cfg.report.signer_name == "Phạm Duy Thoại"
    assert cfg.sheet.tab_title(contract.TASKS) == "Nhiệm vụ"
    assert cfg.sheet.label(contract.TASKS, "timeframe") == "Thời gian thực hiện"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "due_soon_days = 14",
            'due_soon_days = "abc"',
            "status.due_soon_days: cần một số nguyên, không phải 'abc' (expected a whole number",
        ),
        ("due_soon_days = 14", "due_soon_days = true", "không phải True (expected a whole"),
        (
            "due_soon_days = 14",
            "due_soon_days = -1",
            "status.due_soon_days: cần số ngày từ 0 đến 366 (expected",
        ),
        ("year = 2024", "year = 1024", "plan.year: cần một năm từ 2000 đến 2100 (expected a year"),
        (
            'cut = "calendar"',
            'cut = "lunar"',
            "report.cut: cần 'calendar' hoặc 'nd09' (expected 'calendar' or 'nd09')",
        ),
        ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"', "plan.timezone"),
        (
            "due_soon_days = 14",
            "due_son_days = 14",
            "status.due_son_days: không có mục này — các mục ở đây",
        ),
        ("[local]", "[locall]", "locall: không có mục này"),
        ('signer_name = "Phạm Duy Thoại"', "", "report.signer_name: thiếu mục này (missing)"),
        ("recipients = [", "recipients = [1, ", "report.recipients: cần danh sách chữ"),
    ],
)
def test_bad_values_are_named(tmp_path, old, new, message):
    path = _default_with(tmp_path, old, new)
    with pytest.raises(ConfigError) as err:
        load(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    # Vietnamese first, the English in parentheses, as every message for officers
    assert re.search(r": [^(]*[ạ-ỹđ][^(]*\(", str(err.value)), str(err.value)


def test_column_renames_are_checked_and_used(tmp_path):
    path = _default_with(
        tmp_path, "[status]", '[sheet.columns.tasks]\ntimeframe = "Thời hạn hoàn thành"\n\n[status]'
    )
    assert load(path).sheet.label(contract.TASKS, "timeframe") == "Thời hạn hoàn thành"
    bad = _default_with(tmp_path, "[status]", '[sheet.columns.tasks]\ntimeframes = "x"\n\n[status]')
    with pytest.raises(
        ConfigError, match=r"sheet\.columns\.tasks\.timeframes: cần một trong .*\(expected one of"
    ):
        load(bad)


def test_not_toml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"viết sai cú pháp TOML .*\(Not valid TOML"):
        load(_write(tmp_path, "[plan\nyear = 2024"))
    with pytest.raises(ConfigError, match=r"không thấy tệp cấu hình .*\(Config file not found"):
        load(tmp_path / "nope.toml")


def test_relative_paths_are_relative_to_the_config_file(tmp_path):
    path = _default_with(tmp_path, 'out_dir = "bao-cao"', 'out_dir = "reports"')
    cfg = load(path)
    assert cfg.path(cfg.local.out_dir) == tmp_path.resolve() / "reports"
    assert cfg.template_path.name == "bao_cao.docx" and cfg.template_path.is_file()


def test_plan_number_date_and_units_are_read(tmp_path):
    path = _default_with(
        tmp_path,
        "[local]",
        '[units]\n"Văn phòng HĐND và UBND xã" = ["VP HĐND-UBND", "Văn phòng"]\n\n[local]',
    )
    cfg = load(path)
    assert cfg.plan.number == "13/KH-UBND"
    assert cfg.plan.issued_on == date(2024, 2, 5)
    assert cfg.units == {"Văn phòng HĐND và UBND xã": ["VP HĐND-UBND", "Văn phòng"]}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'issued = "2024-02-05"',
            'issued = "05/02/2024"',
            'plan.issued: cần ngày ký dạng "năm-tháng-ngày", ví dụ "2024-02-05"',
        ),
        ("[local]", '[units]\n"Văn phòng" = "VP"\n\n[local]', "units.Văn phòng: cần danh sách chữ"),
    ],
)
def test_bad_plan_fields_are_named(tmp_path, old, new, message):
    with pytest.raises(ConfigError) as err:
        load(_default_with(tmp_path, old, new))
    assert message in str(err.value)
