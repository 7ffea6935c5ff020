"""The landing page in both languages: it renders in the right language and passes axe."""

import pytest

from tests.e2e.conftest import check_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize(("language", "skip_text"), [("th", "ข้ามไปยังเนื้อหาหลัก"),
                                                      ("en", "Skip to main content")])
def test_home_page_is_accessible_and_keyboard_reachable(page_for, language, skip_text):
    page = page_for(language)
    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == language
    # The first Tab lands on the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    if language == "en":
        assert focused == skip_text
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    check_axe(page)
