"""Printing: Thai in Sarabun, page numbers, repeated table headers, nothing from the network."""

import io
import re
import socket
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from phonlap.core.money import baht_text
from phonlap.core.pdf import LocalOnlyFetcher, css_string, render_pdf, static_path_for

TEMPLATES_DIR = Path(__file__).parent / "pdf_templates"
WORDS = ["ผู้ใหญ่", "ที่นั่น", "น้ำใจ", "ก๊วยเตี๋ยว", "เจ้าหน้าที่"]
PARAGRAPH = (
    "ผู้ใหญ่ที่นั่นมีน้ำใจต่อเจ้าหน้าที่ซึ่งมาช่วยงานทุกวัน และเลี้ยงก๊วยเตี๋ยวแก่ทุกคนที่มาร่วมกิจกรรม"
    "ของมูลนิธิในหมู่บ้านเล็กๆ แห่งนี้ โดยโครงการจะพัฒนาทักษะอาชีพให้แก่คนพิการจำนวน 120 คน (Phase 2)"
)


@pytest.fixture(autouse=True)
def _test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    ]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket to anywhere fails the test."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"network access during PDF rendering: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def shown(word: str) -> str:
    """How a word reads in a PDF's text: SARA AM is drawn (and so extracted) as NIKHAHIT + SARA AA.

    HarfBuzz decomposes ำ for shaping, and a PDF maps glyphs, not characters, back to text: what
    comes back is the compatibility decomposition of the word (NFKD), e.g. น้ำ → น + ้ + ํ + า.
    """
    return unicodedata.normalize("NFKD", word)


def long_context(paragraphs=18, rows=60):
    amounts = [Decimal("1250.50") + i for i in range(rows)]
    total = sum(amounts)
    return {
        "heading": "โครงการพัฒนาทักษะอาชีพ ผู้ใหญ่ ที่นั่น น้ำใจ ก๊วยเตี๋ยว เจ้าหน้าที่",
        "paragraphs": [PARAGRAPH] * paragraphs,
        "rows": [
            {"number": i + 1, "label": f"ค่าอาหารว่างและเครื่องดื่มผู้เข้าร่วม ครั้งที่ {i + 1}", "amount": a}
            for i, a in enumerate(amounts)
        ],
        "total": total,
        "total_words": baht_text(total),
    }


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_long_thai_document_keeps_tone_marks_page_numbers_totals_and_words(no_network):
    context = long_context()
    data = render_pdf("pdf_long.html", context, language="th")

    texts = pages_text(data)
    count = len(texts)
    assert count >= 3
    whole = "\n".join(texts)
    for word in WORDS:
        assert shown(word) in whole, word
    # The words without SARA AM come back exactly as typed.
    for word in ("ผู้ใหญ่", "ที่นั่น", "ก๊วยเตี๋ยว", "เจ้าหน้าที่"):
        assert word in whole
    assert "?" not in whole and "\ufffd" not in whole
    for number, text in enumerate(texts, start=1):
        assert f"หน้า {number} จาก {count}" in text
        assert "ฉบับที่ 3" in text  # running header on every page
    assert context["total"] == Decimal("76800.00")
    assert "76,800.00" in texts[-1]
    assert shown(context["total_words"]) in whole.replace("\n", "")
    assert context["total_words"] == "เจ็ดหมื่นหกพันแปดร้อยบาทถ้วน"
    # The table spans pages and its header row is repeated on each of them.
    table_pages = [t for t in texts if "ครั้งที่" in t]
    assert len(table_pages) >= 2
    assert all(shown("จำนวนเงิน (บาท)") in t for t in table_pages)
    assert "(Phase 2)" in whole and "120" in whole  # Latin and digits from the Latin subset
    assert no_network == []


def test_fonts_embedded_are_sarabun_subsets():
    data = render_pdf("pdf_long.html", long_context(paragraphs=2, rows=5), language="th")

    reader = PdfReader(io.BytesIO(data))
    names, not_embedded = set(), set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[1]  # "ABCDEF+Sarabun-Thai": a subset
            names.add(name)
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/FontFile2" not in descriptor:
                not_embedded.add(name)
    assert {"Sarabun-Thai", "Sarabun-Thai-Bold", "Sarabun-Latin"} <= names
    assert all(name.startswith("Sarabun") for name in names), names  # no DejaVu fallback
    assert not_embedded == set()


def test_english_page_numbers():
    texts = pages_text(render_pdf("pdf_long.html", long_context(paragraphs=12), language="en"))

    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_renderer_refuses_everything_but_our_static_files(no_network, caplog):
    fetcher = LocalOnlyFetcher()
    data = render_pdf("pdf_external.html", {}, language="th", fetcher=fetcher)

    assert data.startswith(b"%PDF")
    assert set(fetcher.refused) >= {
        "https://example.com/x.png",
        "file:///etc/hostname",
        "http://example.org/bg.png",
    }
    assert fetcher.served and all(
        url.startswith("https://phonlap.invalid/static/vendor/sarabun/files/") for url in fetcher.served
    )
    assert "refused a non-local URL: https://example.com/x.png" in caplog.text
    assert shown("ภาพจากภายนอกต้องไม่ถูกดึงมา") in "".join(pages_text(data))
    assert no_network == []


def test_static_path_for_only_maps_static_files():
    assert static_path_for("https://phonlap.invalid/static/vendor/sarabun/files/sarabun-thai-400-normal.woff2")
    assert static_path_for("https://phonlap.invalid/static/../settings/base.py") is None
    assert static_path_for("https://phonlap.invalid/static/%2e%2e/%2e%2e/etc/passwd") is None
    assert static_path_for("https://phonlap.invalid/other/x.css") is None
    assert static_path_for("https://example.com/static/css/phonlap.css") is None
    assert static_path_for("file:///etc/passwd") is None


def test_css_string_escapes_quotes_and_markup():
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5C c\\3C /style\\3E "'


# Monosyllabic words: the dictionary cannot split them, so every line must start on one of them.
SYLLABLES = ["ข้าว", "ปลา", "บ้าน", "เรียน", "เด็ก", "ครู", "ไก่", "ไข่", "เขียน", "อ่าน", "เล่น", "ใหญ่"]


def test_thai_lines_break_between_words_not_inside_them():
    sequence = [SYLLABLES[(i * 7) % len(SYLLABLES)] for i in range(90)]
    text = "".join(sequence)  # no spaces, as Thai is written
    starts, position = {0}, 0
    for word in sequence:
        position += len(word)
        starts.add(position)

    lines = [
        line.strip()
        for line in pages_text(render_pdf("pdf_words.html", {"text": text}, language="th"))[0].splitlines()
        if line.strip() and not line.strip().startswith("หน้า")
    ]
    assert len(lines) >= 5
    assert "".join(lines) == text
    offset = 0
    for line in lines:
        assert offset in starts, f"line broken inside a word: {line!r}"
        offset += len(line)


def test_page_number_wording_has_no_untranslated_markers():
    data = render_pdf("pdf_words.html", {"text": "สวัสดี"}, language="th")
    assert re.search(r"หน้า 1 จาก 1", pages_text(data)[0])
