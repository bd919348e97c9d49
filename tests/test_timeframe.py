"""Tests for sheets_sync.timeframe: a table of real-world forms, the JSON CLI, and properties.

Each group of the table names where its forms were seen. Only short timeframe strings are
taken from public documents; the expected values are our reading of them (conventions in
docs/timeframes.md). Rows marked "ambiguous" pick the most useful reading and say why.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_sync import timeframe
from sheets_sync.timeframe import Timeframe, hint, main, normalise, parse

ROOT = Path(__file__).resolve().parents[1]
P = 2024  # the seed plan's year
HINT = hint(P)  # what an unknown timeframe's note suggests in a 2024 plan

# (text, kind, start, due, every)
Row = tuple[str, str, str | None, str | None, str | None]
D, R, C, U = "deadline", "recurring", "continuous", "unknown"
YEAR = ("2024-01-01", "2024-12-31")

SOURCES: dict[str, tuple[int, list[Row]]] = {
    # The reference plan: appendix column "Thời gian thực hiện" (8 tasks) and its body text.
    "seed 000_c2f82bd70c212939 (Gia Tân 2024 CCHC plan, appendix + body)": (
        2024,
        [
            ("Thường xuyên", C, *YEAR, None),
            ("Thường xuyên trong năm", C, *YEAR, None),
            ("Thường xuyên trong \nnăm", C, *YEAR, None),  # a line break pasted from the PDF
            ("Quý I/2024", D, "2024-01-01", "2024-03-31", None),
            ("Trong năm 2024", D, *YEAR, None),
            ("Mỗi tháng 01 kỳ", R, *YEAR, "month"),
            ("Quý IV/2024", D, "2024-10-01", "2024-12-31", None),
            ("Quý IV/2023", D, "2023-10-01", "2023-12-31", None),  # typo in the plan: warned
            ("Quý IV/2023 ", D, "2023-10-01", "2023-12-31", None),
            ("Định kỳ hàng quý, 6 tháng, một năm", R, *YEAR, "quarter"),  # finest cadence wins
            ("hàng năm", R, *YEAR, "year"),
        ],
    ),
    "DESIGN.md §4 (examples of what officers type)": (
        2024,
        [
            ("Trước ngày 15/12/2024", D, None, "2024-12-15", None),
            ("Tháng 6/2024", D, "2024-06-01", "2024-06-30", None),
            ("6 tháng đầu năm", D, "2024-01-01", "2024-06-30", None),
            ("Hằng quý", R, *YEAR, "quarter"),
            ("Theo chỉ đạo của cấp trên", U, None, None, None),
            ("Tháng 3 - 5/2024", D, "2024-03-01", "2024-05-31", None),
            ("Quý II, III", D, "2024-04-01", "2024-09-30", None),
            ("Q1", D, "2024-01-01", "2024-03-31", None),
            ("Quy 5/2024", U, None, None, None),
        ],
    ),
    "issue #3 and the lead's list of forms officers type": (
        2024,
        [
            ("Tháng 6", D, "2024-06-01", "2024-06-30", None),
            ("Quý 1", D, "2024-01-01", "2024-03-31", None),
            ("Q1/2024", D, "2024-01-01", "2024-03-31", None),
            ("quý 1 năm 2024", D, "2024-01-01", "2024-03-31", None),
            ("Quý II, III/2024", D, "2024-04-01", "2024-09-30", None),
            ("Tháng 10-11/2024", D, "2024-10-01", "2024-11-30", None),
            ("Tháng 10,11/2024", D, "2024-10-01", "2024-11-30", None),
            ("6 tháng cuối năm", D, "2024-07-01", "2024-12-31", None),
            ("9 tháng", D, "2024-01-01", "2024-09-30", None),
            ("9 tháng đầu năm", D, "2024-01-01", "2024-09-30", None),
            ("năm 2024", D, *YEAR, None),
            ("trong năm", D, *YEAR, None),
            ("cả năm", D, *YEAR, None),
            ("Trước 31/3", D, None, "2024-03-31", None),
            ("Chậm nhất ngày 15/12/2024", D, None, "2024-12-15", None),
            ("Hoàn thành trước ngày 30/6/2024", D, None, "2024-06-30", None),
            ("Đến 30/6/2024", D, None, "2024-06-30", None),
            ("31/3/2024", D, None, "2024-03-31", None),
            ("tháng 6/2024", D, "2024-06-01", "2024-06-30", None),
            ("Từ tháng 3 đến tháng 5/2024", D, "2024-03-01", "2024-05-31", None),
            ("Từ tháng 3 đến hết tháng 5", D, "2024-03-01", "2024-05-31", None),
            ("Hằng tháng", R, *YEAR, "month"),
            ("Hàng tháng", R, *YEAR, "month"),
            ("Định kỳ hằng quý", R, *YEAR, "quarter"),
            ("Hàng quý", R, *YEAR, "quarter"),
            ("Hằng tuần", R, *YEAR, "week"),
            ("Hàng tuần", R, *YEAR, "week"),
            ("Tuần 1 lần", R, *YEAR, "week"),
            ("6 tháng một lần", R, *YEAR, "half_year"),
            ("6 tháng/lần", R, *YEAR, "half_year"),
            ("Định kỳ 6 tháng", R, *YEAR, "half_year"),
            ("Hằng năm", R, *YEAR, "year"),
            ("Liên tục", C, *YEAR, None),
            ("Thường xuyên trong quý II", C, "2024-04-01", "2024-06-30", None),
            ("2024-2025", D, "2024-01-01", "2025-12-31", None),
            ("Giai đoạn 2024-2025", D, "2024-01-01", "2025-12-31", None),
            ("Khi có văn bản", U, None, None, None),
            ("", U, None, None, None),
            ("   ", U, None, None, None),
            ("31/02/2024", U, None, None, None),
            ("Quý V", U, None, None, None),
            ("Trước ngày 15/12", D, None, "2024-12-15", None),
            # ambiguous: a one-off in Q1 that then goes on; the ongoing part is what needs
            # checking all year, so: continuous from Q1 to the end of the plan year.
            ("Quý I và thường xuyên", C, "2024-01-01", "2024-12-31", None),
        ],
    ),
    # Nghị quyết 03/NQ-CP (2025), Phụ lục II, column "Thời gian hoàn thành"; copy at
    # github.com/thetrungdtt/VNMasterplan, NQCP03/NQ03 PL2 Nhiem vu.md and ketquadaura03.md.
    "NQ 03/NQ-CP 2025, Phụ lục II (VNMasterplan copy)": (
        2025,
        [
            ("2025", D, "2025-01-01", "2025-12-31", None),
            ("Thường xuyên", C, "2025-01-01", "2025-12-31", None),
            ("12/2025", D, "2025-12-01", "2025-12-31", None),
            ("6/2025", D, "2025-06-01", "2025-06-30", None),
            ("06/2025", D, "2025-06-01", "2025-06-30", None),
            ("9/2025", D, "2025-09-01", "2025-09-30", None),
            ("03/2025", D, "2025-03-01", "2025-03-31", None),
            ("01/2025", D, "2025-01-01", "2025-01-31", None),
            ("Quý II/2025", D, "2025-04-01", "2025-06-30", None),
            ("Hằng năm", R, "2025-01-01", "2025-12-31", "year"),
            ("hằng năm", R, "2025-01-01", "2025-12-31", "year"),
            ("Hàng năm", R, "2025-01-01", "2025-12-31", "year"),
            ("2025-2026", D, "2025-01-01", "2026-12-31", None),
            ("2025 - 2026", D, "2025-01-01", "2026-12-31", None),
            ("2026", D, "2026-01-01", "2026-12-31", None),
            ("12/2026", D, "2026-12-01", "2026-12-31", None),
            ("2030", D, "2030-01-01", "2030-12-31", None),
            ("Tháng 5/2025", D, "2025-05-01", "2025-05-31", None),
            ("Tháng 10/2025", D, "2025-10-01", "2025-10-31", None),
            ("Nhiệm vụ thường xuyên", C, "2025-01-01", "2025-12-31", None),
            # "from 2025 on": ongoing, not a deadline
            ("2025 và những năm tiếp theo", C, "2025-01-01", "2025-12-31", None),
        ],
    ),
    "Government report May 2025 (VNMasterplan CPbaocaot5.md)": (
        2025,
        [
            ("Trình Thủ tướng Chính phủ trước ngày 28/5/2025", D, None, "2025-05-28", None),
            ("trước ngày 28/5", D, None, "2025-05-28", None),
            ("hoàn thành trong tháng 5/2025", D, "2025-05-01", "2025-05-31", None),
        ],
    ),
    "xã Công Hải NQ57 100-day tracker (public GitHub data file, deadlineText)": (
        2026,
        [
            ("Thường xuyên trong năm", C, "2026-01-01", "2026-12-31", None),
            # two cadences: the finer one is the one that can be late
            ("Hàng tuần / Hàng tháng", R, "2026-01-01", "2026-12-31", "week"),
            (
                "Thực hiện chế độ báo cáo định kỳ (hàng Quý, 6 tháng, năm)",
                R,
                "2026-01-01",
                "2026-12-31",
                "quarter",
            ),
            ("trước ngày 15/12/2026", D, None, "2026-12-15", None),
        ],
    ),
    "KH 130/KH-UBND 2022 Ninh Bình (hethongphapluat.vn)": (
        2022,
        [
            ("định kỳ 6 tháng, hằng năm", R, "2022-01-01", "2022-12-31", "half_year"),
            ("Định kỳ 6 tháng", R, "2022-01-01", "2022-12-31", "half_year"),
        ],
    ),
    "Thừa Thiên Huế district culture centre, Quý IV 2022 plan (vhtt-tdtthuonghoa.gov.vn)": (
        2022,
        [
            ("Qúy IV năm 2022", D, "2022-10-01", "2022-12-31", None),  # accent on the u
            ("Quý IV/2022", D, "2022-10-01", "2022-12-31", None),
            ("9 tháng đầu năm 2022", D, "2022-01-01", "2022-09-30", None),
            ("3 tháng cuối năm", D, "2022-10-01", "2022-12-31", None),
        ],
    ),
    "Hương Thủy town KT-XH report 2018 (huongthuy.thuathienhue.gov.vn)": (
        2018,
        [
            ("6 tháng đầu năm 2018", D, "2018-01-01", "2018-06-30", None),
            ("6 tháng cuối năm 2018", D, "2018-07-01", "2018-12-31", None),
            ("Quý II", D, "2018-04-01", "2018-06-30", None),
        ],
    ),
    "Phú Thọ election timetable 2021, 'Ngày chậm nhất phải hoàn thành' (phutho.gov.vn)": (
        2021,
        [
            ("21/01/2021", D, None, "2021-01-21", None),
            ("07/02/2021 (chủ Nhật)", D, None, "2021-02-07", None),
            ("27/01/2021", D, None, "2021-01-27", None),
        ],
    ),
    "news and plan excerpts (giadinhvaphapluat.vn, hoitruongson.vn, vietbao.vn)": (
        2024,
        [
            # "before October": done by the end of September
            ("hoàn thành trước tháng 10/2024", D, None, "2024-09-30", None),
            ("tháng 11/2024 xong", D, "2024-11-01", "2024-11-30", None),
            ("từ quý II, quý III năm nay", D, "2024-04-01", "2024-09-30", None),
        ],
    ),
    "admin-document samples in public GitHub repos ('Thời gian thực hiện: Quý ...')": (
        2026,
        [
            ("Quý I/2026", D, "2026-01-01", "2026-03-31", None),
            ("Quý II-III/2026", D, "2026-04-01", "2026-09-30", None),
            ("Quý 4 năm 2026", D, "2026-10-01", "2026-12-31", None),
            ("Quý IV/2026 đến hết Quý II/2027", D, "2026-10-01", "2027-06-30", None),
            ("Hoàn thành trong quý III", D, "2026-07-01", "2026-09-30", None),
            ("trước ngày 10/06/2026", D, None, "2026-06-10", None),
        ],
    ),
    "more quarter spellings seen in plans and typed in sheets": (
        2024,
        [
            ("Quý 1/2024", D, "2024-01-01", "2024-03-31", None),
            ("Quý 01/2024", D, "2024-01-01", "2024-03-31", None),
            ("Quý I năm 2024", D, "2024-01-01", "2024-03-31", None),
            ("Quý I - 2024", D, "2024-01-01", "2024-03-31", None),
            ("Q1 2024", D, "2024-01-01", "2024-03-31", None),
            ("Q.1/2024", D, "2024-01-01", "2024-03-31", None),
            ("QII/2024", D, "2024-04-01", "2024-06-30", None),
            ("Quí III/2024", D, "2024-07-01", "2024-09-30", None),
            ("quý iv/24", D, "2024-10-01", "2024-12-31", None),
            ("Trong quý I", D, "2024-01-01", "2024-03-31", None),
            ("Quý I, II/2024", D, "2024-01-01", "2024-06-30", None),
            ("Quý I và Quý II năm 2024", D, "2024-01-01", "2024-06-30", None),
            ("Quý II đến Quý IV/2024", D, "2024-04-01", "2024-12-31", None),
            ("Từ Quý II đến hết Quý III/2024", D, "2024-04-01", "2024-09-30", None),
            ("Q1-Q2/2024", D, "2024-01-01", "2024-06-30", None),
            ("Quý I/2024 - Quý II/2024", D, "2024-01-01", "2024-06-30", None),
            ("Chậm nhất Quý II/2024", D, None, "2024-06-30", None),
            ("Trước Quý III/2024", D, None, "2024-06-30", None),
            ("Cuối quý II", D, "2024-04-01", "2024-06-30", None),
            ("Quý III/2025", D, "2025-07-01", "2025-09-30", None),  # warned: after the plan
            ("Quý I, năm 2024", D, "2024-01-01", "2024-03-31", None),
            ("Q3.2024", D, "2024-07-01", "2024-09-30", None),
            ("Quý IV.2023", D, "2023-10-01", "2023-12-31", None),
            # the lead's rule: a list of quarters is one deadline, not a quarterly task
            ("Quý I, II, III, IV", D, "2024-01-01", "2024-12-31", None),
            ("Quý 0", U, None, None, None),
            ("Quý VI/2024", U, None, None, None),
        ],
    ),
    "more month and date spellings seen in plans and typed in sheets": (
        2024,
        [
            ("Tháng 06/2024", D, "2024-06-01", "2024-06-30", None),
            ("Tháng 6 năm 2024", D, "2024-06-01", "2024-06-30", None),
            ("T6/2024", D, "2024-06-01", "2024-06-30", None),
            ("Tháng 12", D, "2024-12-01", "2024-12-31", None),
            ("Trong tháng 9", D, "2024-09-01", "2024-09-30", None),
            ("Tháng 2", D, "2024-02-01", "2024-02-29", None),  # leap year
            ("Tháng 3, 6, 9, 12", D, "2024-03-01", "2024-12-31", None),
            ("Tháng 10 và tháng 11 năm 2024", D, "2024-10-01", "2024-11-30", None),
            ("Tháng 6/24", D, "2024-06-01", "2024-06-30", None),
            ("Tháng 11/2024 - tháng 01/2025", D, "2024-11-01", "2025-01-31", None),
            ("Tháng 11 - 2/2025", D, "2024-11-01", "2025-02-28", None),  # crosses new year
            ("Cuối tháng 6/2024", D, "2024-06-21", "2024-06-30", None),
            ("Đầu tháng 7", D, "2024-07-01", "2024-07-10", None),
            ("Giữa tháng 8/2024", D, "2024-08-11", "2024-08-20", None),
            ("Hạ tuần tháng 2", D, "2024-02-21", "2024-02-29", None),
            ("Trước tháng 10", D, None, "2024-09-30", None),
            ("Đến hết tháng 6/2024", D, None, "2024-06-30", None),
            ("Chậm nhất tháng 6/2024", D, None, "2024-06-30", None),
            ("T7-T8/2024", D, "2024-07-01", "2024-08-31", None),
            ("Tháng 6, năm 2025", D, "2025-06-01", "2025-06-30", None),
            # "from March" with no end of its own: on to the end of the plan year
            ("Từ tháng 3/2024", D, "2024-03-01", "2024-12-31", None),
            ("Từ tháng 3-5/2024", D, "2024-03-01", "2024-05-31", None),
            ("Tháng 13/2024", U, None, None, None),
            ("31/03/2024", D, None, "2024-03-31", None),
            ("31-3-2024", D, None, "2024-03-31", None),
            ("31.3.2024", D, None, "2024-03-31", None),
            ("31/3/24", D, None, "2024-03-31", None),
            ("2024-03-31", D, None, "2024-03-31", None),
            ("Ngày 31 tháng 3 năm 2024", D, None, "2024-03-31", None),
            ("ngày 15 tháng 12", D, None, "2024-12-15", None),
            ("Trước ngày 30/6", D, None, "2024-06-30", None),
            ("Hoàn thành trước 20/12/2024", D, None, "2024-12-20", None),
            ("Chậm nhất 15/12", D, None, "2024-12-15", None),
            ("Hạn chót 31/10/2024", D, None, "2024-10-31", None),
            ("Xong trước 30/9", D, None, "2024-09-30", None),
            ("Từ 01/3 đến 30/6/2024", D, "2024-03-01", "2024-06-30", None),
            ("01/3/2024 - 30/6/2024", D, "2024-03-01", "2024-06-30", None),
            ("Từ nay đến 30/6/2024", D, None, "2024-06-30", None),
            ("Từ tháng 3 đến 30/6/2024", D, "2024-03-01", "2024-06-30", None),
            ("29/02/2024", D, None, "2024-02-29", None),
            ("29/02/2023", U, None, None, None),
            ("30/02", U, None, None, None),
            ("32/12/2024", U, None, None, None),
        ],
    ),
    "more year and half-year spellings": (
        2024,
        [
            ("Năm 2024", D, *YEAR, None),
            ("Cả năm 2024", D, *YEAR, None),
            ("Trong năm 2025", D, "2025-01-01", "2025-12-31", None),
            ("Năm 2023", D, "2023-01-01", "2023-12-31", None),
            ("Giai đoạn 2021-2025", D, "2021-01-01", "2025-12-31", None),
            ("Từ năm 2024 đến năm 2025", D, "2024-01-01", "2025-12-31", None),
            ("Nửa đầu năm 2024", D, "2024-01-01", "2024-06-30", None),
            ("Nửa cuối năm", D, "2024-07-01", "2024-12-31", None),
            ("6 tháng đầu năm 2024", D, "2024-01-01", "2024-06-30", None),
            ("Sáu tháng đầu năm", D, "2024-01-01", "2024-06-30", None),
            ("06 tháng cuối năm 2024", D, "2024-07-01", "2024-12-31", None),
            ("9 tháng năm 2024", D, "2024-01-01", "2024-09-30", None),
            ("Cuối năm", D, "2024-10-01", "2024-12-31", None),
            ("Cuối năm 2024", D, "2024-10-01", "2024-12-31", None),
            ("Đầu năm", D, "2024-01-01", "2024-03-31", None),
            ("Năm nay", D, *YEAR, None),
            ("Năm sau", D, "2025-01-01", "2025-12-31", None),
            ("Trong năm 2024 và năm 2025", D, "2024-01-01", "2025-12-31", None),
            ("Năm 1024", U, None, None, None),
            ("2025-2024", U, None, None, None),
        ],
    ),
    "more recurring spellings (reporting regimes, plan bodies, what officers type)": (
        2024,
        [
            ("Mỗi tháng 1 kỳ", R, *YEAR, "month"),
            ("Mỗi tháng 02 số", R, *YEAR, "month"),
            ("01 kỳ/tháng", R, *YEAR, "month"),
            ("1 lần/tháng", R, *YEAR, "month"),
            ("2 lần/tháng", R, *YEAR, "month"),
            ("Tháng 1 lần", R, *YEAR, "month"),
            ("Định kỳ hằng tháng", R, *YEAR, "month"),
            ("Định kỳ hàng tháng, quý, năm", R, *YEAR, "month"),
            ("Hằng tháng (trước ngày 25)", R, *YEAR, "month"),
            ("Hằng tháng từ tháng 3 đến tháng 12", R, "2024-03-01", "2024-12-31", "month"),
            ("Hàng tháng năm 2024", R, *YEAR, "month"),
            ("Từng quý", R, *YEAR, "quarter"),
            ("Mỗi quý 01 lần", R, *YEAR, "quarter"),
            ("01 lần/quý", R, *YEAR, "quarter"),
            ("Quý 1 lần", R, *YEAR, "quarter"),
            ("3 tháng 1 lần", R, *YEAR, "quarter"),
            ("4 lần/năm", R, *YEAR, "quarter"),
            ("Hằng quý, trước ngày 15 của tháng cuối quý", R, *YEAR, "quarter"),
            ("Định kỳ hàng quý, 6 tháng, năm", R, *YEAR, "quarter"),
            ("Mỗi tuần", R, *YEAR, "week"),
            ("1 lần/tuần", R, *YEAR, "week"),
            ("2 tuần 1 lần", R, *YEAR, "week"),
            ("6 tháng 1 lần", R, *YEAR, "half_year"),
            ("06 tháng/lần", R, *YEAR, "half_year"),
            ("Hằng 6 tháng", R, *YEAR, "half_year"),
            ("Mỗi 6 tháng", R, *YEAR, "half_year"),
            ("2 lần/năm", R, *YEAR, "half_year"),
            ("Định kỳ nửa năm", R, *YEAR, "half_year"),
            ("Mỗi năm", R, *YEAR, "year"),
            ("Năm 1 lần", R, *YEAR, "year"),
            ("01 lần/năm", R, *YEAR, "year"),
            ("Định kỳ hằng năm", R, *YEAR, "year"),
            # a yearly task named at a time of year: that span inside the plan year
            ("Quý I hằng năm", R, "2024-01-01", "2024-03-31", "year"),
            ("Trước ngày 15/12 hằng năm", R, "2024-01-01", "2024-12-15", "year"),
            ("Tháng 6 hằng năm", R, "2024-06-01", "2024-06-30", "year"),
            # recurring with a cadence of a quarter or finer beats "thường xuyên"
            ("Thường xuyên, hằng tháng", R, *YEAR, "month"),
            # ... but a half-year/year cadence is looser than continuous' quarterly check
            ("Thường xuyên và hằng năm", C, *YEAR, None),
            # a day in every quarter / month, without naming which
            ("Trước ngày 10 của tháng cuối quý", R, *YEAR, "quarter"),
            ("Cuối mỗi quý", R, *YEAR, "quarter"),
            ("Báo cáo cuối tháng", R, *YEAR, "month"),
            ("Hằng tháng (từ tháng 6)", R, "2024-06-01", "2024-12-31", "month"),
            ("Định kỳ", U, None, None, None),  # no cadence named
        ],
    ),
    "more continuous spellings": (
        2024,
        [
            ("Thường xuyên liên tục", C, *YEAR, None),
            ("Hằng ngày", C, *YEAR, None),
            ("Hàng ngày", C, *YEAR, None),
            ("Quanh năm", C, *YEAR, None),
            ("Trong suốt năm 2024", C, *YEAR, None),
            ("Duy trì thường xuyên", C, *YEAR, None),
            ("Thường xuyên, năm 2024", C, *YEAR, None),
            ("Thường xuyên trong năm 2025", C, "2025-01-01", "2025-12-31", None),
            # "from March" with no end: on to the end of the plan year
            ("Thường xuyên từ tháng 3/2024", C, "2024-03-01", "2024-12-31", None),
            ("Thường xuyên đến 30/6/2024", C, "2024-01-01", "2024-06-30", None),
            ("Thường xuyên và đột xuất", C, *YEAR, None),
            ("Năm 2024 và các năm tiếp theo", C, *YEAR, None),
            ("Từ năm 2024 trở đi", C, *YEAR, None),
            ("Từ tháng 3 trở đi", C, "2024-03-01", "2024-12-31", None),
        ],
    ),
    "not datable (issue #3 §3-4): unknown with a note": (
        2024,
        [
            ("Theo quy định", U, None, None, None),
            ("Theo kế hoạch của UBND huyện", U, None, None, None),
            ("Khi có yêu cầu", U, None, None, None),
            ("Đột xuất", U, None, None, None),
            ("Sau khi có hướng dẫn của cấp trên", U, None, None, None),
            ("Trong 30 ngày kể từ ngày ký", U, None, None, None),
            ("Chưa xác định", U, None, None, None),
            ("Theo Nghị định 09/2019/NĐ-CP", U, None, None, None),
            ("Theo Kế hoạch số 13/KH-UBND", U, None, None, None),
            ("?", U, None, None, None),
            ("-", U, None, None, None),
            ("x", U, None, None, None),
            ("N/A", U, None, None, None),
        ],
    ),
    # Issue 13: what signed plans print (tests/timeframes_real.csv has the wider set, by source).
    "issue 13: continuous from a start date or a year onwards": (
        2024,
        [
            ("Từ ngày 01/3/2024 trở đi", C, "2024-03-01", "2024-12-31", None),
            ("Từ 01/3/2024 trở đi", C, "2024-03-01", "2024-12-31", None),
            ("Từ tháng 4/2024 trở đi", C, "2024-04-01", "2024-12-31", None),
            ("Từ năm 2024 và các năm tiếp theo", C, *YEAR, None),
            ("Năm 2024 và những năm tiếp theo", C, *YEAR, None),
            ("2024 và các năm tiếp theo", C, *YEAR, None),
            ("Từ năm 2024 và những năm sau", C, *YEAR, None),
            ("Thường xuyên từ năm 2024", C, *YEAR, None),
            ("Thường xuyên, từ ngày 01/7/2024", C, "2024-07-01", "2024-12-31", None),
            ("Kể từ ngày 01/7/2024, thường xuyên", C, "2024-07-01", "2024-12-31", None),
            ("Từ quý II/2024, thường xuyên", C, "2024-04-01", "2024-12-31", None),
            ("Quý IV/2024 và các năm tiếp theo", C, "2024-10-01", "2024-12-31", None),
            # began before the plan year and goes on: the plan year's part, no warning
            ("Năm 2023 và các năm tiếp theo", C, *YEAR, None),
            ("Từ năm 2023 trở đi", C, *YEAR, None),
            # begins after it: kept, warned
            ("Từ năm 2025 trở đi", C, "2025-01-01", "2025-12-31", None),
            ("2025 và những\nnăm tiếp theo", C, "2025-01-01", "2025-12-31", None),
            ("Lâu dài", C, *YEAR, None),
            ("Thường xuyên, lâu dài", C, *YEAR, None),
            ("Từ nay về sau", C, *YEAR, None),
            ("Các năm tiếp theo", C, *YEAR, None),
            ("Thường xuyên, 24/7", C, *YEAR, None),  # round the clock, not 24 July
            ("Trực 24/24 giờ", C, *YEAR, None),
            # "từ X" with an end of its own is a span, not "onwards"
            ("Thường xuyên từ 01/3 đến 30/6/2024", C, "2024-03-01", "2024-06-30", None),
            # "Từ X" alone stays a deadline to the year's end (as "Từ tháng 3/2024" above)
            ("Từ ngày 01/7/2024", D, "2024-07-01", "2024-12-31", None),
            ("Kể từ ngày 01/3/2024 trở đi", C, "2024-03-01", "2024-12-31", None),
            ("Bắt đầu từ ngày 01/3/2024 và duy trì", C, "2024-03-01", "2024-12-31", None),
            ("Từ 01/7/2024 trở về sau", C, "2024-07-01", "2024-12-31", None),
            ("Năm 2024 và các năm kế tiếp", C, *YEAR, None),
            ("Trong năm 2024 và những năm tiếp theo", C, *YEAR, None),
            # a "by" date then upkeep: the work runs all year, not from the date
            ("Hoàn thành trước 30/6/2024, duy trì thường xuyên", C, *YEAR, None),
            ("Quý I/2024 và duy trì thường xuyên", C, *YEAR, None),
            # onwards by the month or the quarter: that cadence from there on
            ("Từ tháng 3/2024 và các tháng tiếp theo", R, "2024-03-01", "2024-12-31", "month"),
            ("Tháng 3/2024 và các tháng tiếp theo", R, "2024-03-01", "2024-12-31", "month"),
            ("Từ Quý II/2024 và các quý tiếp theo", R, "2024-04-01", "2024-12-31", "quarter"),
        ],
    ),
    "issue 13: deadlines by a day of the month or of the quarter's last month": (
        2024,
        [
            ("Trước ngày 25 hằng tháng", R, *YEAR, "month"),
            ("Trước ngày 20 hàng tháng", R, *YEAR, "month"),
            ("Định kỳ ngày 20 hàng tháng", R, *YEAR, "month"),
            ("Ngày 18 hằng tháng", R, *YEAR, "month"),
            ("Vào ngày 15 hằng tháng", R, *YEAR, "month"),
            ("Trước ngày 25 mỗi tháng", R, *YEAR, "month"),
            ("Trước ngày 15 của tháng", R, *YEAR, "month"),
            ("Hằng tháng, trước ngày 22", R, *YEAR, "month"),
            ("Định kỳ từ ngày 1 đến ngày 5 hằng tháng", R, *YEAR, "month"),
            ("Thường xuyên, báo cáo trước ngày 25 hằng tháng", R, *YEAR, "month"),
            ("Trước ngày 15 tháng cuối quý", R, *YEAR, "quarter"),
            ("Trước ngày 05 tháng cuối cùng của mỗi quý", R, *YEAR, "quarter"),
            ("Chậm nhất ngày 20 của tháng cuối quý", R, *YEAR, "quarter"),
            ("Định kỳ hằng quý (trước ngày 15 tháng cuối quý)", R, *YEAR, "quarter"),
            (
                "Hằng quý, trước ngày 15 các tháng 3, 6, 9, 12",
                R,
                "2024-01-01",
                "2024-12-15",
                "quarter",
            ),
            # dates that share a day, twice a year: half-yearly
            ("Trước ngày 15/6 và 15/12 hằng năm", R, "2024-01-01", "2024-12-15", "half_year"),
            (
                "Định kỳ 6 tháng (trước ngày 20/6) và năm (trước ngày 20/12)",
                R,
                "2024-01-01",
                "2024-12-20",
                "half_year",
            ),
            (
                "Trước ngày 20/6/2024 (báo cáo 6 tháng); trước ngày 20/12/2024 (báo cáo năm)",
                R,
                "2024-01-01",
                "2024-12-20",
                "half_year",
            ),
            # due in the month after: the last occurrence is due in January
            ("Hằng tháng, trước ngày 05 của tháng sau", R, "2024-01-01", "2025-01-05", "month"),
            (
                "Hằng quý, trước ngày 10 của tháng đầu quý sau",
                R,
                "2024-01-01",
                "2025-01-10",
                "quarter",
            ),
            ("Trước ngày 25 tháng báo cáo", R, *YEAR, "month"),
            ("Trước 25 hằng tháng", R, *YEAR, "month"),  # no "ngày"
            ("Ngày 25/hàng tháng", R, *YEAR, "month"),
            # dates at their months' ends, with "hằng năm": the cadence, due at period ends
            ("Trước ngày 30/6 và 31/12 hằng năm", R, *YEAR, "half_year"),
            ("Ngày 30/6 và 31/12", D, "2024-06-30", "2024-12-31", None),  # a list, as above
            ("Hằng tháng, chậm nhất ngày 25", R, *YEAR, "month"),
            ("Định kỳ hàng tháng vào ngày 20", R, *YEAR, "month"),
            ("Hằng quý, chậm nhất ngày 10 tháng cuối quý", R, *YEAR, "quarter"),
            ("Quý: trước ngày 15 tháng cuối quý", R, *YEAR, "quarter"),
            (
                "Hằng quý (trước ngày 15/3, 15/6, 15/9, 15/12)",
                R,
                "2024-01-01",
                "2024-12-15",
                "quarter",
            ),
            # "tháng cuối kỳ": the last month of whichever period the text names
            ("Định kỳ hằng quý, 6 tháng, năm (trước ngày 15 tháng cuối kỳ)", R, *YEAR, "quarter"),
            ("Trước ngày 15 tháng cuối kỳ báo cáo", U, None, None, None),  # which period?
            # each cadence with the date its report is due
            ("6 tháng (trước 15/6), năm (trước 15/12)", R, "2024-01-01", "2024-12-15", "half_year"),
            (
                "Báo cáo 6 tháng: trước ngày 15/6; báo cáo năm: trước ngày 15/12",
                R,
                "2024-01-01",
                "2024-12-15",
                "half_year",
            ),
            ("Tuần đầu tiên của tháng", R, *YEAR, "month"),
            ("Tuần lễ cuối cùng của mỗi tháng", R, *YEAR, "month"),
            ("Tuần đầu tháng 3/2024", D, "2024-03-01", "2024-03-10", None),  # one month named
            # how many times a period
            ("Mỗi năm 2 lần", R, *YEAR, "half_year"),
            ("Mỗi năm 01 lần", R, *YEAR, "year"),
            ("Mỗi quý 2 lần", R, *YEAR, "quarter"),
            # months or dates listed with "hằng năm": the cadence they are spaced by
            ("Tháng 6 và tháng 12 hằng năm", R, "2024-06-01", "2024-12-31", "half_year"),
            ("Tháng 3, 6, 9, 12 hằng năm", R, "2024-03-01", "2024-12-31", "quarter"),
            ("Tháng 10, 11 hằng năm", R, "2024-10-01", "2024-11-30", "year"),  # a stretch
            ("Tháng 3 - 6 hằng năm", R, "2024-03-01", "2024-06-30", "year"),  # a range
            ("Trước ngày 25", U, None, None, None),  # a day of which month?
            ("Trước ngày 32 hằng tháng", U, None, None, None),
        ],
    ),
    "issue 13: deadlines relative to the reporting year": (
        2024,
        [
            ("Quý I năm sau", D, "2025-01-01", "2025-03-31", None),
            ("Tháng 01 năm sau", D, "2025-01-01", "2025-01-31", None),
            ("Tháng 01 năm sau liền kề năm báo cáo", D, "2025-01-01", "2025-01-31", None),
            ("Trước ngày 31/01 của năm sau", D, None, "2025-01-31", None),
            ("Trước ngày 31 tháng 01 năm sau", D, None, "2025-01-31", None),
            ("Trước ngày 15/01 năm sau liền kề năm báo cáo", D, None, "2025-01-15", None),
            ("Chậm nhất ngày 20/01 năm sau", D, None, "2025-01-20", None),
            ("Trước 31/3 năm sau", D, None, "2025-03-31", None),
            ("Quý I của năm tiếp theo", D, "2025-01-01", "2025-03-31", None),
            ("Trong quý I năm kế tiếp", D, "2025-01-01", "2025-03-31", None),
            ("Tháng 1 năm tiếp theo", D, "2025-01-01", "2025-01-31", None),
            ("Đầu năm sau", D, "2025-01-01", "2025-03-31", None),
            ("Tháng 12 năm báo cáo", D, "2024-12-01", "2024-12-31", None),
            ("Trước ngày 15/12 của năm báo cáo", D, None, "2024-12-15", None),
            ("Trước ngày 20 tháng 12 năm báo cáo", D, None, "2024-12-20", None),
            ("Quý IV năm nay và Quý I năm sau", D, "2024-10-01", "2025-03-31", None),
            # a yearly report on the year, due early the next year: one occurrence
            ("Hằng năm, trước ngày 31/01 năm sau", R, "2024-01-01", "2025-01-31", "year"),
            ("Hằng năm (tháng 01 năm sau)", R, "2024-01-01", "2025-01-31", "year"),
            ("Hằng năm, từ năm 2025", R, "2025-01-01", "2025-12-31", "year"),  # begins then
            ("31/01/năm sau", D, None, "2025-01-31", None),
            ("Quý I/năm sau", D, "2025-01-01", "2025-03-31", None),
            ("Trước ngày 05 của tháng đầu năm sau", D, None, "2025-01-05", None),
            ("Tháng cuối năm", D, "2024-12-01", "2024-12-31", None),
            ("Những tháng đầu năm", D, "2024-01-01", "2024-03-31", None),  # as "đầu năm"
            # "báo cáo năm trước" is what the report is on, not when it is due
            (
                "Trước ngày 20/01 hằng năm (báo cáo năm trước)",
                R,
                "2024-01-01",
                "2024-01-20",
                "year",
            ),
            # a deadline, then again in the following years: yearly
            ("Trước ngày 25/12/2024 (và các năm tiếp theo)", R, "2024-01-01", "2024-12-25", "year"),
            ("Trước ngày 15/01 của năm liền kề sau năm báo cáo", D, None, "2025-01-15", None),
            ("Chậm nhất ngày 20 tháng 01 năm sau năm báo cáo", D, None, "2025-01-20", None),
            ("Năm liền sau năm báo cáo", D, "2025-01-01", "2025-12-31", None),
            ("Quý I năm sau liền kề", D, "2025-01-01", "2025-03-31", None),
            ("Ngày 15/01 năm tiếp theo", D, None, "2025-01-15", None),
            ("Quý IV năm trước", D, "2023-10-01", "2023-12-31", None),
            ("Trước ngày 31/12 của năm trước", D, None, "2023-12-31", None),
            # the data a report covers is not when it is due
            (
                "Trước ngày 18/12 (số liệu từ 15/12 năm trước đến 14/12 năm báo cáo)",
                D,
                None,
                "2024-12-18",
                None,
            ),
            # "kế hoạch năm sau" names a document, "hằng năm kế hoạch" is not "năm kế hoạch"
            ("Trước ngày 30/11 hằng năm (kế hoạch năm sau)", R, "2024-01-01", "2024-11-30", "year"),
            ("Xây dựng kế hoạch năm sau: trước 25/12", D, None, "2024-12-25", None),
        ],
    ),
    "issue 13: reports named by period, ranges, lists, the importer's start/end pair": (
        2025,
        [
            ("Định kỳ 6 tháng, năm", R, "2025-01-01", "2025-12-31", "half_year"),
            ("6 tháng, năm", R, "2025-01-01", "2025-12-31", "half_year"),
            ("Sơ kết 6 tháng, tổng kết năm", R, "2025-01-01", "2025-12-31", "half_year"),
            ("Báo cáo quý", R, "2025-01-01", "2025-12-31", "quarter"),
            ("Báo cáo tháng, quý, 6 tháng, năm", R, "2025-01-01", "2025-12-31", "month"),
            ("Tháng, quý, năm", R, "2025-01-01", "2025-12-31", "month"),
            ("Báo cáo năm trước ngày 15/11", R, "2025-01-01", "2025-11-15", "year"),
            ("Báo cáo năm 2025", D, "2025-01-01", "2025-12-31", None),  # one period, named
            ("Báo cáo 6 tháng đầu năm 2025", D, "2025-01-01", "2025-06-30", None),
            ("Tháng 3-6/2025", D, "2025-03-01", "2025-06-30", None),
            ("Quý II - III", D, "2025-04-01", "2025-09-30", None),
            ("Năm 2025 - 2026", D, "2025-01-01", "2026-12-31", None),
            ("Đến hết năm 2025", D, None, "2025-12-31", None),
            ("Hoàn thành trước 30/6", D, None, "2025-06-30", None),
            ("Tháng 6 và tháng 12", D, "2025-06-01", "2025-12-31", None),  # a list: one deadline
            ("Trong tháng 7/2025", D, "2025-07-01", "2025-07-31", None),
            ("Từ 01/3/2025 đến 30/6/2025", D, "2025-03-01", "2025-06-30", None),
            ("Bắt đầu: 01/3/2025; Hoàn thành: 30/6/2025", D, "2025-03-01", "2025-06-30", None),
            ("Bắt đầu: 15/4/2025\nHoàn thành: 30/9/2025", D, "2025-04-15", "2025-09-30", None),
            (
                "Bắt đầu: Tháng 3/2025 - Kết thúc: Tháng 6/2025",
                D,
                "2025-03-01",
                "2025-06-30",
                None,
            ),
            ("Bắt đầu: 01/3/2025", D, "2025-03-01", "2025-12-31", None),
            ("Hoàn thành: 30/6/2025", D, None, "2025-06-30", None),
            ("01/03/2025 – 30/06/2025", D, "2025-03-01", "2025-06-30", None),
            ("Quý III/2025\n(hoàn thành trước 30/9/2025)", D, "2025-07-01", "2025-09-30", None),
            ("Trước ngày 30/6/2025 và trước ngày 30/11/2025", D, None, "2025-11-30", None),
            ("Quý II/2025.", D, "2025-04-01", "2025-06-30", None),
            # a by-date or a period inside the year named is what is meant
            ("Năm 2025 (trước 30/11/2025)", D, "2025-01-01", "2025-11-30", None),
            ("Trong năm 2025, chậm nhất 30/11", D, "2025-01-01", "2025-11-30", None),
            ("Năm 2025 (Quý III)", D, "2025-07-01", "2025-09-30", None),
            ("Năm 2025; Quý III", D, "2025-07-01", "2025-09-30", None),
            # the other pair forms the importer may meet
            ("Từ Quý I/2025 đến Quý II/2025", D, "2025-01-01", "2025-06-30", None),
            ("Từ tháng 3/2025 đến tháng 6/2025", D, "2025-03-01", "2025-06-30", None),
            ("Từ 3/2025 đến 6/2025", D, "2025-03-01", "2025-06-30", None),
            ("Từ 01/3/2025 đến Thường xuyên", C, "2025-03-01", "2025-12-31", None),
            # a programme of several years: checked from the plan year on, not from its start
            ("Giai đoạn 2021 - 2025, hằng năm", R, "2025-01-01", "2025-12-31", "year"),
            ("Thường xuyên trong giai đoạn 2021 - 2025", C, "2025-01-01", "2025-12-31", None),
            # school years run September to May
            ("Năm học 2025 - 2026", D, "2025-09-01", "2026-05-31", None),
            ("Cuối năm học", D, "2025-05-01", "2025-05-31", None),
            ("Đầu năm học", D, "2025-09-01", "2025-09-30", None),
            ("Tháng 6, tháng 12", D, "2025-06-01", "2025-12-31", None),  # a list, as above
            ("Tháng 6 và 12", D, "2025-06-01", "2025-12-31", None),
            ("Khi có văn bản chỉ đạo", U, None, None, None),
            ("Theo lộ trình của tỉnh", U, None, None, None),
            ("Ngay sau khi Kế hoạch được ban hành", U, None, None, None),
        ],
    ),
}

CASES = [
    pytest.param(year, *row, id=f"{year}:{row[0]!r}")
    for year, rows in SOURCES.values()
    for row in rows
]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize(("plan_year", "text", "kind", "start", "due", "every"), CASES)
def test_table(
    plan_year: int, text: str, kind: str, start: str | None, due: str | None, every: str | None
) -> None:
    got = parse(text, plan_year).to_json()
    assert (got["kind"], got["start"], got["due"], got["every"]) == (kind, start, due, every)
    assert got["text"] == text
    if kind == U:
        assert got["warning"] and hint(plan_year) in got["warning"]


# ---------------------------------------------------------------------------------------------
# Warnings: what the officer reads in the note
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("Quý IV/2023", "Thời hạn Quý IV/2023 trước năm kế hoạch 2024 — kiểm tra lại"),
        ("Quý I/2025", "Thời hạn Quý I/2025 sau năm kế hoạch 2024 — kiểm tra lại"),
        ("2024-2025", "Thời hạn giai đoạn 2024-2025 sau năm kế hoạch 2024 — kiểm tra lại"),
        ("Tháng 6/2023", "Thời hạn tháng 6/2023 trước năm kế hoạch 2024 — kiểm tra lại"),
        ("15/12/2025", "Thời hạn 15/12/2025 sau năm kế hoạch 2024 — kiểm tra lại"),
        (
            "Giai đoạn 2021-2025",
            "Thời hạn giai đoạn 2021-2025 nằm ngoài năm kế hoạch 2024 — kiểm tra lại",
        ),
        ("Quý I/2024", None),
        ("Thường xuyên", None),
        ("", f"Chưa ghi thời gian thực hiện — {HINT}"),
        ("Quý V", f"Không có Quý V — {HINT}"),
        ("Quy 5/2024", f"Không có Quý 5 — {HINT}"),
        ("31/02/2024", f"Ngày 31/02/2024 không có thật — {HINT}"),
        ("Tháng 13", f"Không có tháng 13 — {HINT}"),
        ("Theo chỉ đạo của cấp trên", f"Chưa có thời hạn cụ thể — {HINT}"),
        ("abc", f"Không hiểu thời hạn — {HINT}"),
        # the year after, named as such, is meant; an absolute year after the plan's is not
        ("Quý I năm sau", None),
        ("Trước ngày 31/01 của năm sau", None),
        ("Hằng năm, trước ngày 31/01 năm sau", None),
        ("Quý I năm 2025", "Thời hạn Quý I/2025 sau năm kế hoạch 2024 — kiểm tra lại"),
        # work that goes on from before the plan year is not a slip; from after it is
        ("Năm 2023 và các năm tiếp theo", None),
        ("Từ năm 2025 trở đi", "Thời hạn năm 2025 sau năm kế hoạch 2024 — kiểm tra lại"),
        ("Quý IV năm trước", None),
        ("Trước ngày 18/12 (số liệu từ 15/12 năm trước đến 14/12 năm báo cáo)", None),
        # a school year runs into the next year by nature; one wholly outside is a slip
        ("Năm học 2024 - 2025", None),
        ("Năm học 2025 - 2026", "Thời hạn năm học 2025-2026 sau năm kế hoạch 2024 — kiểm tra lại"),
        ("Trước ngày 25", f"Chưa rõ ngày 25 của tháng nào — {HINT}"),
        ("Trước ngày 32 hằng tháng", f"Không có ngày 32 — {HINT}"),
    ],
)
def test_warning(text: str, warning: str | None) -> None:
    assert parse(text, P).warning == warning


@pytest.mark.parametrize(
    ("text", "every", "due_day", "months_after"),
    [
        ("Trước ngày 25 hằng tháng", "month", 25, 0),
        ("Hằng tháng (trước ngày 25)", "month", 25, 0),
        ("Định kỳ từ ngày 1 đến ngày 5 hằng tháng", "month", 5, 0),
        ("Trước ngày 25 hàng tháng (số liệu từ ngày 26 tháng trước)", "month", 25, 0),
        ("Hằng quý, trước ngày 15 của tháng cuối quý", "quarter", 15, 0),
        ("Hằng quý, trước ngày 15 các tháng 3, 6, 9, 12", "quarter", 15, 0),
        ("Trước ngày 15/6 và 15/12 hằng năm", "half_year", 15, 0),
        ("Hằng tháng, trước ngày 05 của tháng sau", "month", 5, 1),
        ("Hằng quý, trước ngày 10 của tháng đầu quý sau", "quarter", 10, 1),
        ("Hằng năm, trước ngày 31/01 năm sau", "year", 31, 1),
        ("Hằng năm (tháng 01 năm sau)", "year", 31, 1),
        ("Trước ngày 25 tháng báo cáo", "month", 25, 0),
        # the day belongs to the cadence it is written with: the finest one's is used
        ("Hằng tháng (trước ngày 20); quý (trước ngày 15 tháng cuối quý)", "month", 20, 0),
        ("Định kỳ hằng quý, 6 tháng, năm (trước ngày 15 tháng cuối kỳ)", "quarter", 15, 0),
        ("6 tháng (trước 15/6), năm (trước 15/12)", "half_year", 15, 0),
        ("Hằng tháng", "month", None, 0),  # the month's end
        ("Trước ngày 15/12 hằng năm", "year", None, 0),  # the due date is the occurrence's end
        ("Thứ Sáu hằng tuần, trước ngày 20", "week", None, 0),  # weeks have no day of the month
        ("Hằng tháng từ ngày 15/3", "month", None, 0),  # a start, not a due day
    ],
)
def test_occurrences_due_on_the_day_the_plan_names(
    text: str, every: str, due_day: int | None, months_after: int
) -> None:
    tf = parse(text, P)
    assert (tf.kind, tf.every, tf.due_day, tf.due_months_after) == (
        R,
        every,
        due_day,
        months_after,
    )
    assert set(tf.to_json()) == {"text", "kind", "start", "due", "every", "warning"}


# ---------------------------------------------------------------------------------------------
# The real-document set: timeframe cells as plans print them, each with its reading
# ---------------------------------------------------------------------------------------------

REAL = ROOT / "tests" / "timeframes_real.csv"


def real_rows() -> list[dict[str, str]]:
    with REAL.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", real_rows(), ids=lambda r: f"{r['plan_year']}:{r['text']!r}"[:80])
def test_real_document_set(row: dict[str, str]) -> None:
    tf = parse(row["text"], int(row["plan_year"]))
    got = tf.to_json()
    want = {k: row[k] or None for k in ("kind", "start", "due", "every")}
    assert {k: got[k] for k in want} == want
    assert (tf.due_day, tf.due_months_after) == (
        int(row["due_day"]) if row["due_day"] else None,
        int(row["due_months_after"] or 0),
    )


def test_real_document_set_covers_the_classes_and_sources() -> None:
    rows = real_rows()
    assert len(rows) >= 250
    assert {r["kind"] for r in rows} == {D, R, C, U}
    quoted = [r for r in rows if not r["source"].startswith(("genre", "brief"))]
    assert len({r["source"] for r in quoted}) >= 8
    assert sum(bool(r["due_day"]) for r in rows) >= 30
    assert sum("năm sau" in r["text"] or "năm tiếp theo" in r["text"] for r in rows) >= 15


def test_hint_lists_the_accepted_forms_in_the_plans_year() -> None:
    for form in ("Quý I/2025", "Tháng 6/2025", "Trước 31/3/2025", "Hằng tháng", "Thường xuyên"):
        assert form in hint(2025)
    assert "2024" not in hint(2025)
    assert parse("Quy 5", 2026).warning == f"Không có Quý 5 — {hint(2026)}"
    assert "Quý I/2026" in (parse("abc", 2026).warning or "")


# ---------------------------------------------------------------------------------------------
# The Python interface
# ---------------------------------------------------------------------------------------------


def test_timeframe_is_frozen_and_json_has_exactly_six_keys() -> None:
    tf = parse("Quý I/2024", P)
    assert isinstance(tf, Timeframe)
    with pytest.raises(AttributeError):
        tf.kind = "unknown"  # type: ignore[misc]
    assert tf.to_json() == {
        "text": "Quý I/2024",
        "kind": "deadline",
        "start": "2024-01-01",
        "due": "2024-03-31",
        "every": None,
        "warning": None,
    }


def test_occurrences_are_the_periods_each_needing_a_progress_row() -> None:
    monthly = parse("Trước ngày 25 hằng tháng", P)
    year = monthly.occurrences(date(2024, 1, 1), date(2024, 12, 31))
    assert [s.end for s in year] == [date(2024, m, 25) for m in range(1, 13)]
    # continuous work is checked by the calendar quarter
    ongoing = parse("Thường xuyên", P).occurrences(date(2024, 4, 1), date(2024, 9, 30))
    assert [s.label for s in ongoing] == ["quý II/2024", "quý III/2024"]
    # a window that holds no due day of its own falls back to the calendar periods
    tail = monthly.occurrences(date(2024, 12, 26), date(2024, 12, 31))
    assert [(s.start, s.end, s.label) for s in tail] == [
        (date(2024, 12, 26), date(2024, 12, 31), "tháng 12/2024")
    ]


def test_cache_is_shared_by_spellings_but_text_is_the_callers() -> None:
    timeframe.clear_cache()
    first = parse("Quý I/2024", P)
    before = timeframe._parse_key.cache_info()
    second = parse("QUY  I/2024.", P)
    after = timeframe._parse_key.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses
    assert second.text == "QUY  I/2024."
    assert (first.kind, first.start, first.due) == (second.kind, second.start, second.due)
    assert parse("Quý I/2024", P) is first  # the raw string is cached too


def test_plan_year_changes_the_result() -> None:
    assert parse("Quý I", 2024).due == date(2024, 3, 31)
    assert parse("Quý I", 2025).due == date(2025, 3, 31)
    assert parse("Quý IV/2024", 2025).warning is not None


def test_spreadsheet_values_that_are_not_text() -> None:
    assert parse(date(2024, 3, 31), P).due == date(2024, 3, 31)  # type: ignore[arg-type]
    assert parse(2024, P).due == date(2024, 12, 31)  # type: ignore[arg-type]
    assert parse(None, P).kind == "unknown"  # type: ignore[arg-type]


def test_normalise() -> None:
    assert normalise("  Thường xuyên trong \nNĂM. ") == "thuong xuyen trong nam"
    assert normalise("Đến hết Quý IV–2024;") == "den het quy iv-2024"
    assert normalise(unicodedata.normalize("NFD", "Quý I/2024")) == "quy i/2024"


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

KEYS = ["text", "kind", "start", "due", "every", "warning"]


def test_cli_module_runs_as_a_program() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "sheets_sync.timeframe", "--plan-year", "2024",
         "Quý I/2024", "Mỗi tháng 01 kỳ"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, check=True,
        timeout=60,
    )  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [list(obj) for obj in lines] == [KEYS, KEYS]
    assert lines[0] == {
        "text": "Quý I/2024", "kind": "deadline", "start": "2024-01-01", "due": "2024-03-31",
        "every": None, "warning": None,
    }  # fmt: skip
    assert lines[1]["kind"] == "recurring" and lines[1]["every"] == "month"
    assert "Quý" in done.stdout  # not \u-escaped


def test_main_prints_one_object_per_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--plan-year", "2024", "Quý IV/2023", "Theo chỉ đạo"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [obj["kind"] for obj in lines] == ["deadline", "unknown"]
    assert lines[0]["warning"] == "Thời hạn Quý IV/2023 trước năm kế hoạch 2024 — kiểm tra lại"


def test_main_reads_stdin_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Hằng quý\r\n\nTrước 31/3\n"))
    assert main(["--plan-year", "2024"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["text"], o["kind"], o["due"]) for o in lines] == [
        ("Hằng quý", "recurring", "2024-12-31"),
        ("", "unknown", None),
        ("Trước 31/3", "deadline", "2024-03-31"),
    ]


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


def strip_diacritics(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def result(tf: Timeframe) -> tuple[object, ...]:
    """Everything but the echoed text."""
    return (tf.kind, tf.start, tf.due, tf.every, tf.warning)


TABLE_TEXTS = [row[0] for _, rows in SOURCES.values() for row in rows]
TEMPLATES = [
    "Quý {q}/{y}", "quý {q} năm {y}", "Q{n}/{y}", "Tháng {m}/{y}", "Tháng {m}-{m2}/{y}",
    "Trước ngày {d}/{m}/{y}", "Chậm nhất ngày {d}/{m}", "Từ tháng {m} đến tháng {m2}/{y}",
    "Thường xuyên trong quý {q}", "Hằng tháng từ tháng {m}", "{d}/{m}/{y}", "Năm {y}",
    "{n} tháng đầu năm {y}", "Quý {q}, {q2}/{y}", "Mỗi tháng 0{n} kỳ", "{m}/{y}",
]  # fmt: skip
ROMANS = ["I", "II", "III", "IV", "V", "VI", "X", "1", "4", "5"]


@st.composite
def timeframe_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(TABLE_TEXTS))
    template = draw(st.sampled_from(TEMPLATES))
    return template.format(
        q=draw(st.sampled_from(ROMANS)),
        q2=draw(st.sampled_from(ROMANS)),
        n=draw(st.integers(0, 13)),
        m=draw(st.integers(0, 14)),
        m2=draw(st.integers(0, 14)),
        d=draw(st.integers(0, 32)),
        y=draw(st.sampled_from([2023, 2024, 2025, 1999, 24, 2100])),
    )


@st.composite
def respellings(draw: st.DrawFn, text: str) -> str:
    """The same cell typed differently: no diacritics, NFD, case, spaces, end punctuation."""
    if draw(st.booleans()):
        text = strip_diacritics(text)
    text = draw(st.sampled_from([str.upper, str.lower, str.title, str.casefold, str]))(text)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    spaces = st.sampled_from([" ", "  ", "\t", " \n", "\u00a0"])
    text = "".join(draw(spaces) if ch == " " else ch for ch in text)
    lead = draw(st.sampled_from(["", " ", "\n", "  "]))
    tail = draw(st.sampled_from(["", ".", ";", " .", "  ", "\n", ". ", ";\n"]))
    return lead + text + tail


@settings(max_examples=400, deadline=None)
@given(data=st.data(), text=timeframe_texts(), plan_year=st.sampled_from([2023, 2024, 2025]))
def test_respelling_never_changes_the_result(
    data: st.DataObject, text: str, plan_year: int
) -> None:
    variant = data.draw(respellings(text))
    assert result(parse(variant, plan_year)) == result(parse(text, plan_year))
    assert parse(variant, plan_year).text == variant


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
ALPHABET = st.sampled_from(list(VIETNAMESE + VIETNAMESE.upper() + "0123456789 /-.,;:()\n\t"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(ALPHABET, max_size=40), data=st.data())
def test_respelling_arbitrary_vietnamese_text(text: str, data: st.DataObject) -> None:
    variant = data.draw(respellings(text))
    assert result(parse(variant, P)) == result(parse(text, P))


def check_sane(tf: Timeframe, plan_year: int) -> None:
    if tf.kind == "unknown":
        assert tf.due is None and tf.start is None and tf.every is None
        assert tf.warning and hint(plan_year) in tf.warning
        return
    assert tf.due is not None
    assert tf.start is None or tf.start <= tf.due
    assert (tf.every is not None) == (tf.kind == "recurring")
    assert set(tf.to_json()) == set(KEYS)


@settings(max_examples=500, deadline=None)
@given(
    text=st.one_of(st.text(), st.text(ALPHABET), timeframe_texts()),
    plan_year=st.integers(1990, 2100),
)
def test_no_input_raises_even_without_the_guard(text: str, plan_year: int) -> None:
    # _parse_key is the unguarded parser: if it raised, the guard in parse() would be hiding a bug
    check_sane(timeframe._parse_key(normalise(text), plan_year), plan_year)
    check_sane(parse(text, plan_year), plan_year)
