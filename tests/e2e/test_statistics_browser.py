"""The statistics pages in Chromium: axe-clean (WCAG 2.2 AA) in Thai and English, the charts
drawn by the script file with the site's content security policy on (no inline script, no CSP
error), and the drill-down reached from a count with the keyboard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from tests.e2e.conftest import check_axe
from tests.factories import StaffFactory, onboard
from tests.portal.factories import BANGKOK, CHIANG_MAI, bangkok_time, returned, submitted
from tests.review.factories import advance_to, decide_meeting, screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def make_proposals():
    submitted(budget="100000.00", groups=["visual"], province=BANGKOK, at=bangkok_time(2024, 9, 30, 12))
    working = submitted(budget="50000.50", groups=["hearing"], province=CHIANG_MAI,
                        at=bangkok_time(2024, 10, 2, 9))
    screen(working)
    approved = submitted(budget="80000.00", groups=["autism"], province=CHIANG_MAI,
                         at=bangkok_time(2025, 2, 1, 9))
    advance_to(approved, "board")
    decide_meeting(approved, approved_amount=Decimal("75000.25"))
    returned(submitted(budget="20000.00", groups=["visual"], province=None))


def sign_in_as_staff(page, language: str) -> None:
    staff = StaffFactory(language=language)
    onboard(staff)
    client = Client()
    client.force_login(staff)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": page.base_url,
    }])


@pytest.mark.parametrize("language", ["th", "en"])
def test_public_statistics_are_accessible_with_charts(page_for, language):
    make_proposals()
    page = page_for(language)
    page.goto(page.base_url + "/statistics/")
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_selector(".stat-chart.is-drawn canvas")
    assert page.locator(".stat-chart.is-drawn").count() == 4
    check_axe(page)
    # A filter that does not validate: the error is announced and tied to its field.
    page.goto(page.base_url + "/statistics/?fiscal_year=abc")
    assert page.locator("#id_fiscal_year").get_attribute("aria-invalid") == "true"
    check_axe(page)


def test_charts_draw_under_the_content_security_policy(browser, live_server):
    make_proposals()
    context = browser.new_context(locale="en", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    problems = []
    # Console errors (a CSP refusal, a script error) and failed loads, except the browser's own
    # favicon request, which the site does not serve.
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda answer: problems.append(f"{answer.status} {answer.url}")
            if answer.status >= 400 and not answer.url.endswith("/favicon.ico") else None)
    response = page.goto(live_server.url + "/statistics/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".stat-chart.is-drawn canvas")
    width = page.evaluate("document.querySelector('.stat-chart.is-drawn canvas').width")
    assert width > 0
    assert problems == []
    context.close()


@pytest.mark.parametrize("language", ["th", "en"])
def test_staff_statistics_drill_down_by_keyboard(page_for, language):
    make_proposals()
    page = page_for(language)
    page.goto(page.base_url + "/")
    sign_in_as_staff(page, language)
    page.goto(page.base_url + "/staff/statistics/")
    page.wait_for_selector(".stat-chart.is-drawn canvas")
    check_axe(page)
    # Tab to the Chiang Mai count of the province table and follow it with Enter.
    target = page.locator(
        f"section[aria-labelledby='province-heading'] tbody a[href$='province={CHIANG_MAI}']")
    href = target.get_attribute("href")
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    else:
        pytest.fail("the count's link was never reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/staff/statistics/proposals/" in page.url
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("table.statistics tbody tr").count() == 2
    check_axe(page)
