"""Browser harness: Playwright for Python driving Debian's Chromium, axe-core from npm.

No browser is downloaded: the project's `make browser` step installs Debian's `chromium`
package and we launch that binary. axe-core comes from `node_modules` (npm registry). Every
page a path visits is checked with axe (WCAG 2.2 A/AA rules) in the page's language.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# a thread with a running loop unless told that this is deliberate (it is: tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Flags that keep Chromium off the network (this machine has none) and quiet as root.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make browser` (make test does)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        _carry_serialized_contents(before)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


def _carry_serialized_contents(before) -> None:
    """Playwright's sync API runs the tests in a new context (greenlet), and Django keeps one
    connection object per context. If the test database was set up before (an ordinary test
    ran first), the new connection lacks the snapshot of the migrations' data that
    ``serialized_rollback`` restores after each browser test's flush (Thai areas, policy
    versions, funds…): hand it over."""
    from django.db import connections

    for alias, old in before.items():
        contents = getattr(old, "_test_serialized_contents", None)
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture
def page_for(browser, live_server):
    """``page_for("th")`` → a fresh page whose browser asks for Thai (or English)."""
    contexts = []

    def make(language: str = "th"):
        # bypass_csp lets us inject axe; the site's own CSP stays on for everything else.
        context = browser.new_context(locale=language, bypass_csp=True,
                                      extra_http_headers={"Accept-Language": language},
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


# Every distinct page (URL pattern) that axe checked in this run, printed at the end.
AXE_PAGES: set[str] = set()


def url_pattern(url: str) -> str:
    """``http://host/organisations/12/members/`` → ``/organisations/<id>/members/``."""
    path = urlsplit(url).path
    path = re.sub(r"/confirm-email/[^/]+/", "/confirm-email/<key>/", path)
    return re.sub(r"/\d+(?=/)", "/<id>", path)


def pytest_terminal_summary(terminalreporter):
    if AXE_PAGES:
        terminalreporter.section("pages checked by axe (zero violations)")
        for pattern in sorted(AXE_PAGES):
            terminalreporter.write_line(pattern)


class AxeViolations(AssertionError):
    pass


def check_axe(page, visited: list | None = None) -> None:
    """Run axe-core on the current page; fail listing every violation and its nodes."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is not installed: run `make install` (npm ci)")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    if visited is not None:
        visited.append(page.url)
    violations = result["violations"]
    if violations:
        summary = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in violations
        ]
        raise AxeViolations(f"axe found violations on {page.url}:\n"
                            + json.dumps(summary, indent=1, ensure_ascii=False))
    AXE_PAGES.add(url_pattern(page.url))
