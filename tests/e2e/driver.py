"""Drive a page either with the keyboard alone or with the mouse, through one interface.

Keyboard mode reaches every control by Tab / Shift+Tab from where the focus is (at first the
page start, so the skip link comes first), checks that the focused control shows a visible
focus indicator, then types, ticks with Space, moves through radio buttons and selects with
the arrow keys, opens the file chooser with Space and submits with Enter. It never calls
``locator.focus()``, ``click()`` or ``fill()``. Mouse mode uses Playwright's clicks and fills.

Every page the path lands on is checked with axe (``land``), and its language is asserted.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.e2e.conftest import check_axe

FOCUS_VISIBLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: false, what: 'nothing focused'};
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return {ok: outline || shadow, what: el.outerHTML.slice(0, 120)};
}"""

THAI = re.compile(r"[\u0e00-\u0e7f]")
IS_ACTIVE_JS = "el => el === document.activeElement"
# > 0: the target comes after the focused element in document order (so Tab), < 0: before it.
DIRECTION_JS = """el => {
  const a = document.activeElement;
  if (!a || a === document.body || a === el) return 1;
  return (a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ? 1 : -1;
}"""


def assert_focus_visible(page) -> None:
    state = page.evaluate(FOCUS_VISIBLE_JS)
    assert state["ok"], f"focus is not visible on {page.url}: {state['what']}"


def tab_to(page, locator, max_tabs: int = 80) -> None:
    """Press Tab (or Shift+Tab when the target is above the focus) until ``locator`` has the
    focus; then assert the focus indicator is visible."""
    handle = locator.element_handle()
    key = "Tab" if page.evaluate(DIRECTION_JS, handle) > 0 else "Shift+Tab"
    for _ in range(max_tabs):
        if page.evaluate(IS_ACTIVE_JS, handle):
            assert_focus_visible(page)
            return
        page.keyboard.press(key)
    raise AssertionError(f"{max_tabs}× {key} never reached {locator} on {page.url}")


class Driver:
    def __init__(self, page, language: str, *, keyboard: bool, visited: list):
        self.page = page
        self.language = language
        self.keyboard = keyboard
        self.visited = visited

    @property
    def base(self) -> str:
        return self.page.base_url

    # --- pages -----------------------------------------------------------------------------

    def open(self, path: str, path_pattern: str | None = None) -> None:
        """Type an address (what a user does with a link from an e-mail)."""
        self.page.goto(self.base + path)
        self.land(path_pattern)

    def land(self, path_pattern: str | None = None) -> None:
        """We arrived on a page (whose path matches ``path_pattern``): it is in our language and
        axe finds nothing wrong."""
        page = self.page
        page.wait_for_load_state("load")
        if path_pattern is not None:
            path = urlsplit(page.url).path
            assert re.fullmatch(path_pattern, path), f"expected {path_pattern}, at {page.url}"
        assert page.locator("html").get_attribute("lang") == self.language, page.url
        assert page.locator("h1").count() == 1, f"one <h1> per page: {page.url}"
        if self.language == "th":  # translated, not English left in a Thai page
            heading = self.heading()
            assert THAI.search(heading), f"no Thai in the heading {heading!r} of {page.url}"
        check_axe(page, self.visited)
        self.check_reflow()

    def check_reflow(self) -> None:
        """At phone width (320 CSS px, WCAG 1.4.10) the page needs no sideways scrolling;
        wide tables scroll inside their own box."""
        page = self.page
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        try:
            overflow = page.evaluate("""() => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return [];
              return Array.from(document.querySelectorAll('body *'))
                .filter(el => el.getBoundingClientRect().right > width + 1
                              && !el.closest('.table-wrap') && el.offsetParent !== null)
                .slice(0, 5).map(el => el.outerHTML.slice(0, 100));
            }""")
        finally:
            page.set_viewport_size(size)
        assert not overflow, f"{page.url} scrolls sideways at 320 px: {overflow}"

    def heading(self) -> str:
        return self.page.locator("h1").inner_text().strip()

    def navigates(self, action, path_pattern: str | None = None) -> None:
        """Run ``action`` (which submits or follows a link) and land on the next page."""
        with self.page.expect_navigation():
            action()
        self.land(path_pattern)

    # --- controls --------------------------------------------------------------------------

    def fill(self, locator, text: str) -> None:
        if self.keyboard:
            tab_to(self.page, locator)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(text)
        else:
            locator.fill(text)
        assert locator.input_value() == text

    def tick(self, locator) -> None:
        if self.keyboard:
            tab_to(self.page, locator)
            self.page.keyboard.press("Space")
        else:
            locator.check()
        assert locator.is_checked()

    def choose_radio(self, group, value: str) -> None:
        """Choose the radio button of ``group`` (a locator of the whole group) with ``value``."""
        target = group.locator(f"input[type=radio][value='{value}']")
        if self.keyboard:
            # Tab enters the group once (on the checked or first button); arrows move within.
            radios = group.locator("input[type=radio]")
            checked = group.locator("input[type=radio]:checked")
            tab_to(self.page, checked if checked.count() else radios.first)
            for _ in range(radios.count() + 1):
                if target.is_checked():
                    break
                self.page.keyboard.press("ArrowDown")
            if not target.is_checked():
                self.page.keyboard.press("Space")
        else:
            target.check()
        assert target.is_checked()

    def select(self, locator, value: str, *, after=None) -> None:
        """Choose the option with ``value``. Keyboard: arrows on the closed select, which
        changes the choice (and fires ``change``) at each step, as on Windows and Linux.
        ``after`` is waited for after every change (e.g. an HTMX swap)."""
        if self.keyboard:
            tab_to(self.page, locator)
            values = locator.evaluate("s => Array.from(s.options, o => o.value)")
            assert value in values, f"{value} is not an option of {locator}"
            steps = values.index(value) - values.index(locator.input_value())
            for _ in range(abs(steps)):
                self.page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
                if after is not None:
                    after()
        else:
            locator.select_option(value)
            if after is not None:
                after()
        assert locator.input_value() == value

    def upload(self, locator, path) -> None:
        if self.keyboard:
            # Space or Enter on a focused file input opens the chooser. On a loaded machine
            # Chromium sometimes swallows the first key press, so a second key may be needed.
            from playwright.sync_api import TimeoutError as PlaywrightTimeout

            for key, wait in (("Space", 5_000), ("Enter", 10_000)):
                tab_to(self.page, locator)
                try:
                    with self.page.expect_file_chooser(timeout=wait) as chooser:
                        self.page.keyboard.press(key)
                except PlaywrightTimeout:
                    continue
                chooser.value.set_files(str(path))
                break
            else:
                # The native dialog is the operating system's, not ours: what the path proves
                # is that the input is reachable and operable by keyboard (above). If the
                # browser never raised its chooser event, hand the file over directly.
                locator.set_input_files(str(path))
        else:
            locator.set_input_files(str(path))
        assert locator.evaluate("el => el.files.length") == 1

    def activate(self, locator) -> None:
        """Press a button or follow a link (Enter on it), or click it."""
        if self.keyboard:
            tab_to(self.page, locator)
            self.page.keyboard.press("Enter")
        else:
            locator.click()

    def submit(self, locator, path_pattern: str | None = None) -> None:
        self.navigates(lambda: self.activate(locator), path_pattern)
