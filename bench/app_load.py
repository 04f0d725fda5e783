"""The member app's load on a phone-like CPU: a first visit and a repeat visit served by the
service worker's cache, in Debian's Chromium with the CPU throttled 4x (CDP
Emulation.setCPUThrottlingRate), on the loopback.

    .venv/bin/python bench/app_load.py http://127.0.0.1:8000 member1-1@demo.gym demo-pass-123

Against a running server with the demo seeded (scripts/run). For each visit it prints the
requests made, the bytes received (headers and bodies, as Chromium counts them) and the time
to interactive: from navigation until the view's first control answers (the "Log in" button
on a first visit, "Log water" once signed in). Runs RUNS times and prints the median.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RUNS = int(os.environ.get("RUNS", "5"))
PHONE = {"width": 390, "height": 844}


class Meter:
    """Requests and bytes from the CDP Network domain (encodedDataLength: what came over the
    wire, 0 for a response the service worker or the memory cache answered)."""

    def __init__(self, cdp) -> None:
        self.requests = 0
        self.bytes = 0
        self.from_worker = 0
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")

    def _sent(self, event) -> None:
        if not event["request"]["url"].startswith("data:"):
            self.requests += 1

    def _received(self, event) -> None:
        if event["response"].get("fromServiceWorker"):
            self.from_worker += 1

    def _finished(self, event) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def reset(self) -> None:
        self.requests = self.bytes = self.from_worker = 0


def visit(page, url: str, ready: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.get_by_role("button", name=ready).wait_for()
    page.get_by_role("button", name=ready).click(trial=True)  # enabled and hit-testable
    return (time.perf_counter() - start) * 1000


def one_run(browser, base: str, email: str, password: str) -> dict[str, tuple]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    meter = Meter(cdp)
    figures = {}

    first = visit(page, f"{base}/app/", "Log in")
    figures["first visit (sign-in screen)"] = (meter.requests, meter.bytes, first, 0)

    meter.reset()
    start = time.perf_counter()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log water").wait_for()
    figures["sign in to Today"] = (
        meter.requests,
        meter.bytes,
        (time.perf_counter() - start) * 1000,
        0,
    )

    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    meter.reset()
    again = visit(page, f"{base}/app/today", "Log water")
    figures["repeat visit (service worker cache)"] = (
        meter.requests,
        meter.bytes,
        again,
        meter.from_worker,
    )
    context.close()
    return figures


def main(base: str, email: str, password: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        runs = [one_run(browser, base, email, password) for _ in range(RUNS)]
        browser.close()
    load = os.getloadavg()
    print(f"load average: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}  runs: {RUNS}, CPU 4x slower")
    print(f"{'visit':40} {'requests':>8} {'KiB':>8} {'from SW':>8} {'median ms':>10} {'max ms':>8}")
    for name in runs[0]:
        rows = [run[name] for run in runs]
        times = [row[2] for row in rows]
        requests, size, _, worker = rows[-1]
        print(
            f"{name:40} {requests:>8} {size / 1024:>8.1f} {worker:>8} "
            f"{statistics.median(times):>10.0f} {max(times):>8.0f}"
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
