"""Printing: a Django template rendered to PDF by WeasyPrint, with Thai set in Sarabun.

``render_pdf(template_name, context, *, language)`` is the one entry point. Templates extend
``core/pdf/base.html`` (A4, margins, page numbers, a running header, table headers repeated on
every page, ``lang`` on the document so Pango shapes Thai and breaks Thai lines with libthai's
dictionary).

Nothing is ever fetched from the network. The document's base URL is a reserved origin
(``https://phonlap.invalid/``, the ``.invalid`` top-level domain never resolves) and the
``LocalOnlyFetcher`` answers only two kinds of URL:

* our static files (``{% static %}`` paths under that origin, or under an absolute
  ``STATIC_URL``), read from disk through the staticfiles finders / storage — this is how the
  Sarabun ``@font-face`` rules of ``vendor/sarabun/sarabun.css`` reach their WOFF2 files;
* ``data:`` URLs (inline, nothing to fetch).

Everything else — ``https://example.com/x.png``, ``file:///etc/passwd``, ``ftp:`` — is refused,
logged, and kept in ``fetcher.refused``; WeasyPrint then renders the document without it.
"""

from __future__ import annotations

import functools
import io
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from fontTools.ttLib import TTFont
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration, get_hb_object_data
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: The base URL of every printed document. ``.invalid`` is reserved (RFC 6761): it can never
#: resolve, and only ``LocalOnlyFetcher`` gives meaning to the paths under it.
PDF_ORIGIN = "https://phonlap.invalid"
PDF_BASE_URL = PDF_ORIGIN + "/"
#: Sarabun weights vendored by scripts/vendor_static.sh (regular and bold).
FONT_WEIGHTS = (400, 700)


class RefusedURL(ValueError):
    """A document asked for something that is not one of our static files."""


class LocalOnlyFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves our static files and ``data:`` URLs, nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            # urllib's DataHandler decodes the URL in memory; allowed_protocols bars the rest.
            return super().fetch(url, headers)
        path = static_path_for(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused a non-local URL: %s", url)
            raise RefusedURL(f"not a local static file: {url}")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".woff2":
            content_type = "font/woff2"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def _static_prefixes() -> list[str]:
    static_url = settings.STATIC_URL or "/static/"
    if not static_url.endswith("/"):
        static_url += "/"
    if urlsplit(static_url).scheme:
        return [static_url]
    return [PDF_ORIGIN + "/" + static_url.lstrip("/")]


def static_path_for(url: str) -> Path | None:
    """The file on disk for a static URL of a printed document, or ``None`` if it is not one."""
    if "?" in url or "#" in url:
        url = url.split("#", 1)[0].split("?", 1)[0]
    for prefix in _static_prefixes():
        if not url.startswith(prefix):
            continue
        relative = posixpath.normpath(unquote(url[len(prefix):]))
        if relative.startswith(("/", "..")) or relative in (".", ""):
            return None
        found = finders.find(relative)
        if found:
            return Path(found)
        try:
            if staticfiles_storage.exists(relative):
                return Path(staticfiles_storage.path(relative))
        except NotImplementedError:  # a storage without local paths
            return None
        return None
    return None


def css_string(value: str) -> SafeString:
    """``value`` as a quoted CSS string token, safe inside ``<style>`` (for ``content:``)."""
    out = []
    for ch in str(value):
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return mark_safe('"' + "".join(out) + '"')


def page_number_content() -> SafeString:
    """CSS ``content`` for the page footer in the active language: ``"Page " counter(page) …``.

    The wording comes from the translation catalogue (``Page %(number)s of %(count)s``, the
    phrase the lists' pagination already uses: Thai ``หน้า 1 จาก 3``).
    """
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    phrase = gettext("Page %(number)s of %(count)s") % {"number": marker_page, "count": marker_pages}
    parts = []
    rest = phrase
    while rest:
        cut_page, cut_pages = rest.find(marker_page), rest.find(marker_pages)
        cuts = [c for c in (cut_page, cut_pages) if c >= 0]
        if not cuts:
            parts.append(css_string(rest))
            break
        cut = min(cuts)
        if cut:
            parts.append(css_string(rest[:cut]))
        if cut == cut_page:
            parts.append("counter(page)")
            rest = rest[cut + len(marker_page):]
        else:
            parts.append("counter(pages)")
            rest = rest[cut + len(marker_pages):]
    return mark_safe(" ".join(parts))


def render_html(template_name: str, context: dict | None = None, *, language: str) -> str:
    """The HTML a PDF is made from (useful to check a print template without WeasyPrint)."""
    with translation.override(language):
        full_context = {
            **(context or {}),
            "pdf_language": language,
            "pdf_font_weights": FONT_WEIGHTS,
            "pdf_page_number_content": page_number_content(),
        }
        return render_to_string(template_name, full_context)


def render_pdf(
    template_name: str,
    context: dict | None = None,
    *,
    language: str,
    fetcher: LocalOnlyFetcher | None = None,
) -> bytes:
    """Render ``template_name`` (extending ``core/pdf/base.html``) to PDF bytes in ``language``.

    ``language`` ("th" or "en") sets the translations, the document's ``lang`` (Thai shaping and
    line breaking), and the page-number wording. Pass your own ``fetcher`` to see what the
    document asked for (``fetcher.served`` / ``fetcher.refused``).
    """
    html = render_html(template_name, context, language=language)
    fetcher = fetcher or LocalOnlyFetcher()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration(), pdf_tags=True, finisher=_repair_to_unicode)


@functools.lru_cache(maxsize=32)
def _glyph_texts(font_file: bytes) -> dict[int, str]:
    """glyph id → the characters it draws, from the font's cmap and its GSUB substitutions.

    A glyph the cmap maps from exactly one character draws that character; a positional variant
    (single substitution) draws what its source glyph draws; a ligature draws its components.
    """
    ttfont = TTFont(io.BytesIO(font_file), lazy=True)
    by_glyph: dict[str, list[int]] = {}
    for codepoint, glyph_name in (ttfont.getBestCmap() or {}).items():
        by_glyph.setdefault(glyph_name, []).append(codepoint)
    texts = {name: chr(cps[0]) for name, cps in by_glyph.items() if len(cps) == 1}
    singles: dict[str, str] = {}
    ligatures: dict[str, list[str]] = {}
    if "GSUB" in ttfont and ttfont["GSUB"].table.LookupList:
        for lookup in ttfont["GSUB"].table.LookupList.Lookup:
            for subtable in lookup.SubTable:
                subtable = getattr(subtable, "ExtSubTable", subtable)
                if lookup.LookupType in (1, 7) and hasattr(subtable, "mapping"):
                    for source, variant in subtable.mapping.items():
                        singles.setdefault(variant, source)
                elif hasattr(subtable, "ligatures"):
                    for first, entries in subtable.ligatures.items():
                        for entry in entries:
                            ligatures.setdefault(entry.LigGlyph, [first, *entry.Component])
    for _ in range(4):  # variants of variants, ligatures of variants
        for variant, source in singles.items():
            if variant not in texts and source in texts:
                texts[variant] = texts[source]
        for ligature, parts in ligatures.items():
            if ligature not in texts and all(part in texts for part in parts):
                texts[ligature] = "".join(texts[part] for part in parts)
    return {ttfont.getGlyphID(name): text for name, text in texts.items()}


def _repair_to_unicode(document, pdf) -> None:
    """Give every glyph of a shaped cluster its own character in the PDF's ToUnicode maps.

    WeasyPrint maps each glyph to text the first time it meets it: the last glyph of a cluster
    gets the whole cluster, the others nothing. HarfBuzz shapes Thai SARA AM (ำ) as NIKHAHIT +
    SARA AA and moves the tone mark between them, in one cluster: น้ำ would map the glyph of า
    to "้ำ" for the whole document (every มา extracted as ม้ำ). Here a glyph that the font's
    cmap maps from one character is mapped back to that character, a positional variant or a
    ligature of marks to the characters the font's GSUB made it from (``_glyph_texts``); glyphs
    found nowhere keep their cluster text. Copied or extracted text
    then reads นํ้า for น้ำ (same look, decomposed spelling): a PDF carries glyphs in visual order.

    Runs as WeasyPrint's ``finisher``: the maps are already streams, rewritten in place.
    """
    fixed: dict[bytes, dict[int, str]] = {}
    for font in document.fonts.values():
        if font.bitmap or not font.to_unicode:
            continue
        drawn = _glyph_texts(get_hb_object_data(font.hb_face))
        mapping = {
            gid: drawn[gid] if len(text) != 1 and gid in drawn else text
            for gid, text in font.to_unicode.items()
        }
        if mapping != font.to_unicode:
            fixed[font.name] = mapping
    if not fixed:
        return
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/Font":
            continue
        mapping = fixed.get(obj.get("BaseFont"))
        reference = obj.get("ToUnicode")
        if mapping is None or not reference:
            continue
        stream = pdf.objects[int(reference.split()[0])]
        # WeasyPrint's CMap: a fixed head up to "endcodespacerange", bfchar blocks, then "endcmap…".
        lines = list(stream.stream)
        head = lines[: lines.index(b"endcodespacerange") + 1]
        tail = lines[lines.index(b"endcmap"):]
        entries = [
            f"<{gid:04x}> <{''.join(ch.encode('utf-16-be').hex() for ch in text)}>".encode()
            for gid, text in mapping.items()
        ]
        chars = []
        for i in range(0, len(entries), 100):
            batch = entries[i:i + 100]
            chars += [f"{len(batch)} beginbfchar".encode(), *batch, b"endbfchar"]
        stream.stream = [*head, *chars, *tail]
