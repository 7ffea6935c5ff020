"""Make the English catalogue the identity (msgstr = msgid) and fix both catalogues' headers.

The source strings are English, so English needs no translation; an explicit catalogue still
guarantees English pages never fall back to another app's wording. Idempotent: run it after
every ``makemessages``:

    cd src/phonlap && DJANGO_SETTINGS_MODULE=phonlap.settings.test \\
        ../../.venv/bin/python ../../manage.py makemessages -l th -l en \\
        --ignore=.venv --ignore=node_modules --ignore=tests --ignore=static
    cd ../.. && .venv/bin/python scripts/fill_english_catalogue.py

It also clears the ``fuzzy`` flag msgmerge puts on a new catalogue's header and sets the
``Language`` and ``Plural-Forms`` lines of both catalogues. Thai entries are left alone: they
are translated by hand (``tests/test_translations.py`` fails on any empty or fuzzy one).

The small PO reader here (``read_po``) is also what the translation test uses: no new
dependency for it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "phonlap" / "locale"
HEADERS = {
    "th": {"Project-Id-Version": "Phonlap", "Language-Team": "Thai", "Language": "th",
           "Plural-Forms": "nplurals=1; plural=0;"},
    "en": {"Project-Id-Version": "Phonlap", "Language-Team": "English", "Language": "en",
           "Plural-Forms": "nplurals=2; plural=(n != 1);"},
}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)
    # keyword ("msgid", "msgstr[0]", ...) → its raw quoted lines, in file order
    raw: dict[str, list[str]] = field(default_factory=dict)
    obsolete: bool = False

    def text(self, keyword: str) -> str | None:
        lines = self.raw.get(keyword)
        return None if lines is None else "".join(_unquote(line) for line in lines)

    @property
    def msgctxt(self) -> str | None:
        return self.text("msgctxt")

    @property
    def msgid(self) -> str:
        return self.text("msgid") or ""

    @property
    def msgid_plural(self) -> str | None:
        return self.text("msgid_plural")

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def flags(self) -> set[str]:
        found: set[str] = set()
        for line in self.comments:
            if line.startswith("#,"):
                found.update(flag.strip() for flag in line[2:].split(","))
        return found

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def translations(self) -> list[str]:
        """Every msgstr (one, or one per plural form)."""
        return [self.text(k) or "" for k in self.raw if k.startswith("msgstr")]

    def render(self) -> str:
        lines = list(self.comments)
        for keyword, values in self.raw.items():
            lines.append(f"{keyword} {values[0]}")
            lines.extend(values[1:])
        return "\n".join(lines)


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = Entry()
        current: str | None = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#"):
                entry.comments.append(line)
                continue
            match = _KEYWORD.match(line)
            if match:
                current = match.group(1)
                entry.raw[current] = [match.group(3)]
            elif line.startswith('"') and current:
                entry.raw[current].append(line)
        if entry.raw or entry.obsolete:
            entries.append(entry)
    return entries


def _drop_fuzzy(entry: Entry) -> None:
    comments = []
    for line in entry.comments:
        if line.startswith("#|"):  # msgmerge's "previous msgid": meaningless once settled
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        comments.append(line)
    entry.comments = comments


def fix_header(entry: Entry, language: str) -> None:
    _drop_fuzzy(entry)
    wanted = dict(HEADERS[language])
    lines = []
    for literal in entry.raw.get("msgstr", ['""']):
        text = _unquote(literal)
        name = text.split(":", 1)[0]
        if name in wanted:
            literal = f'"{name}: {wanted.pop(name)}\\n"'
        lines.append(literal)
    lines.extend(f'"{name}: {value}\\n"' for name, value in wanted.items())
    entry.raw["msgstr"] = lines


def fill_identity(entry: Entry) -> None:
    _drop_fuzzy(entry)
    msgstr_keys = [k for k in entry.raw if k.startswith("msgstr")]
    for k in msgstr_keys:
        del entry.raw[k]
    if "msgid_plural" in entry.raw:
        entry.raw["msgstr[0]"] = list(entry.raw["msgid"])
        entry.raw["msgstr[1]"] = list(entry.raw["msgid_plural"])
    else:
        entry.raw["msgstr"] = list(entry.raw["msgid"])


def write_po(path: Path, entries: list[Entry], obsolete_text: str = "") -> None:
    body = "\n\n".join(e.render() for e in entries if not e.obsolete)
    path.write_text(body + "\n" + obsolete_text, encoding="utf-8")


def _obsolete_blocks(path: Path) -> str:
    blocks = [b for b in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if "#~" in b]
    return "".join("\n" + b.strip("\n") + "\n" for b in blocks)


def process(language: str, identity: bool) -> int:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    entries = read_po(path)
    obsolete = _obsolete_blocks(path)
    changed = 0
    for entry in entries:
        if entry.obsolete:
            continue
        before = entry.render()
        if entry.is_header:
            fix_header(entry, language)
        elif identity:
            fill_identity(entry)
        changed += entry.render() != before
    write_po(path, entries, obsolete)
    return changed


def main() -> int:
    changed = process("en", identity=True)
    process("th", identity=False)
    print(f"English catalogue: {changed} entries filled or corrected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
