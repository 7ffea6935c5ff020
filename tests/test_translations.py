"""The Thai and English catalogues are complete and current.

* every entry of ``src/phonlap/locale/{th,en}/LC_MESSAGES/django.po`` has a translation (all
  plural forms), none is ``fuzzy``, and placeholders (``%(name)s``, ``%s``, ``{name}``) survive;
* the catalogues are not stale: ``makemessages`` is run on a temporary copy of the sources and
  every message it extracts must already be in both catalogues, so a new untranslated string
  anywhere in the code or templates fails here, naming the string;
* ``msgfmt --check`` accepts both files (what ``make install``'s ``compilemessages`` runs).

Fix a failure with the commands in ``scripts/fill_english_catalogue.py``'s docstring, then
translate the new Thai entries.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from scripts.fill_english_catalogue import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "phonlap"
LANGUAGES = ("th", "en")
# The same exclusions as the documented makemessages command.
IGNORED = ("locale", "static", "tests", "node_modules", ".venv", "__pycache__", "*.pyc", "*.mo", "*.po")
# Strings Thai writes exactly as English does (names, codes, formats).
_SAME_IN_THAI = {"Phonlap", "Impact Creator", "Impact Assessor", "SROI", "API", "Excel", "CSV", "PDF",
                 "TOTP", "OpenAPI"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|%[sdfr]|\{\w*\}")


def _catalogue(language):
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"


def _live(language):
    return [e for e in read_po(_catalogue(language)) if not e.obsolete]


def _label(entry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return context + entry.msgid[:100]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists(language):
    assert _catalogue(language).is_file(), f"missing {_catalogue(language)}: run makemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_settled(language):
    entries = _live(language)
    empty = [_label(e) for e in entries if not e.is_header and not all(t.strip() for t in e.translations())]
    fuzzy = [_label(e) or "(header)" for e in entries if "fuzzy" in e.flags]
    assert not empty, f"{len(empty)} untranslated in {language}:\n" + "\n".join(empty)
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_the_language(language):
    header = next(e for e in _live(language) if e.is_header)
    text = header.text("msgstr")
    assert f"Language: {language}\n" in text
    assert "charset=UTF-8" in text


def test_placeholders_survive_translation():
    wrong = []
    for entry in _live("th"):
        if entry.is_header:
            continue
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = sorted(set(_PLACEHOLDER.findall("".join(sources))))
        for translated in entry.translations():
            if sorted(set(_PLACEHOLDER.findall(translated))) != wanted:
                wrong.append(_label(entry))
    assert not wrong, "placeholders differ in:\n" + "\n".join(wrong)


def test_english_catalogue_is_the_identity():
    wrong = [
        _label(e) for e in _live("en")
        if not e.is_header and e.translations() != [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
    ]
    assert not wrong, "run scripts/fill_english_catalogue.py:\n" + "\n".join(wrong)


def test_thai_catalogue_is_thai():
    # A translation identical to an English msgid with letters in it was most likely pasted.
    untranslated = [
        _label(e) for e in _live("th")
        if not e.is_header and re.search(r"[A-Za-z]{4}", e.msgid) and e.translations() == [e.msgid]
        and not re.search(r"[\u0E00-\u0E7F]", e.msgid)
        and e.msgid not in _SAME_IN_THAI
    ]
    assert not untranslated, "Thai text expected for:\n" + "\n".join(untranslated)



def test_catalogues_compile():
    for language in LANGUAGES:
        result = subprocess.run(
            ["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(_catalogue(language))],
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language, tmp_path):
    """The .mo Django reads is build output (``make install`` runs ``compilemessages``); a stale
    or missing one would show English or old wording, so say so plainly."""
    compiled = _catalogue(language).with_suffix(".mo")
    assert compiled.is_file(), f"{compiled} is missing: run `make locale` (or `make install`)"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(_catalogue(language))], check=True)
    assert compiled.read_bytes() == fresh.read_bytes(), f"{compiled} is stale: run `make locale`"


def test_catalogues_are_current(tmp_path, monkeypatch):
    """Extract the messages of a copy of today's sources and look each one up."""
    copy = tmp_path / "phonlap"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns(*IGNORED))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["th"], verbosity=0, ignore_patterns=list(IGNORED))
    extracted = {e.key: e for e in read_po(copy / "locale" / "th" / "LC_MESSAGES" / "django.po")
                 if not e.obsolete and not e.is_header}
    assert extracted, "makemessages found no strings: the extraction itself is broken"
    for language in LANGUAGES:
        known = {e.key for e in _live(language)}
        missing = sorted((_label(e) for key, e in extracted.items() if key not in known))
        assert not missing, (
            f"{len(missing)} strings are not in the {language} catalogue (run makemessages, "
            f"scripts/fill_english_catalogue.py, and translate):\n" + "\n".join(missing)
        )
