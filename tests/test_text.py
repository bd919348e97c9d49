import unicodedata

from sheets_sync.text import ascii_filename, clean, fold, strip_diacritics


def test_fold_ignores_case_spacing_and_diacritics():
    assert fold("  Thời gian  THỰC HIỆN ") == "thoi gian thuc hien"
    assert fold("Sản phẩm/kết quả") == fold("san pham / ket qua") == "san pham ket qua"


def test_fold_treats_decomposed_unicode_like_composed():
    composed = "Cơ quan chủ trì"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "co quan chu tri"


def test_d_with_stroke_becomes_d():
    assert strip_diacritics("Đài truyền thanh") == "Dai truyen thanh"
    assert fold("ĐỊNH KỲ") == "dinh ky"


def test_clean_collapses_line_breaks_from_pasted_pdf_text():
    assert clean("Thường xuyên trong \nnăm") == "Thường xuyên trong năm"


def test_ascii_filename_drops_characters_file_systems_refuse():
    assert ascii_filename('Báo cáo quý III: "xã Gia Tân"/2024') == "Bao cao quy III xa Gia Tan 2024"
