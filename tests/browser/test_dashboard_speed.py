"""The dashboard's first screen on a throttled phone, measured in Chromium as Lighthouse's mobile
profile would: 390 px wide, touch, the CPU slowed down four times (CDP). Web vitals come from the
page's own PerformanceObserver: LCP ≤ 2.5 s, TBT ≤ 200 ms, CLS ≤ 0.1.

Two loads are measured and the better one counts (as Lighthouse users compare runs): a shared CI
machine stalls now and then, and one stall should not fail the build. The figures are printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import TIMEOUT_MS, Cast, PageProblems, sign_in_as

pytestmark = pytest.mark.browser

CPU_SLOWDOWN = 4
LCP_MS, TBT_MS, CLS = 2500, 200, 0.1

OBSERVE = """
window.__vitals = {lcp: 0, cls: 0, tasks: []};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__vitals.lcp = entry.startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__vitals.cls += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__vitals.tasks.push([Math.round(entry.startTime), Math.round(entry.duration)]);
  }
}).observe({type: "longtask", buffered: true});
"""

READ = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const fcp = paint ? paint.startTime : 0;
  const tbt = window.__vitals.tasks
    .filter(([start]) => start >= fcp)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  const {lcp, cls, tasks} = window.__vitals;
  return {fcp, lcp, cls, tbt, tasks, chartJsLoaded: Boolean(window.Chart)};
}"""


@pytest.fixture
def phone(
    browser: Browser, live_server: LiveServer, page_problems: PageProblems
) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(TIMEOUT_MS * 3)
    yield context
    context.close()


def measure(context: BrowserContext, url: str) -> dict[str, Any]:
    page = context.new_page()
    page.add_init_script(OBSERVE)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load")
    # Long tasks just after load (charts drawn after the first paint) still count towards TBT.
    page.wait_for_timeout(1500)
    vitals: dict[str, Any] = page.evaluate(READ)
    page.close()
    return vitals


def test_the_dashboard_is_quick_on_a_throttled_phone(
    phone: BrowserContext, cast: Cast, page_problems: PageProblems
) -> None:
    page = phone.new_page()
    page.on("console", page_problems.on_console)
    sign_in_as(page, cast.author)
    page.close()
    url = reverse("behaviours:dashboard")
    measure(phone, url)  # warm the server's caches and the browser's, as a returning member
    runs = [measure(phone, url) for _ in range(2)]
    print("dashboard vitals (CPU ×4, 390 px):", runs)
    best = min(runs, key=lambda run: (run["lcp"], run["tbt"]))
    assert best["lcp"] <= LCP_MS, runs
    assert best["tbt"] <= TBT_MS, runs
    assert max(run["cls"] for run in runs) <= CLS, runs
    assert not page_problems.messages
