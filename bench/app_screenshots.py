"""Screenshots of every member app view at phone size (390 x 844), for docs/screenshots/.

    .venv/bin/python bench/app_screenshots.py http://127.0.0.1:8000 member1-1@demo.gym demo-pass-123

Against a seeded demo (scripts/run); it logs one water for the member. Saves small PNGs
(palette-quantized with Pillow) and prints any console error the app logged on the way.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWS = [
    ("today", "Today"),
    ("challenge", "Challenge"),
    ("coach", "AI coach"),
    ("progress", "Progress"),
    ("profile", "Profile"),
]


def save(png: bytes, name: str) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(OUT / f"{name}.png", optimize=True)
    print(OUT / f"{name}.png", (OUT / f"{name}.png").stat().st_size, "bytes")


def main(base: str, email: str, password: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/app/")
        page.get_by_label("Email").wait_for()
        save(page.screenshot(), "signin")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="Log water").wait_for()
        # One action first, so Today shows a log and the points it earned (this writes a
        # water log for the demo member).
        page.get_by_role("button", name="Log water").click()
        page.locator("#outcome").wait_for()
        for slug, link in VIEWS:
            if slug != "today":  # Today is open already, with the action's points shown
                page.get_by_role("link", name=link, exact=True).click()
                page.wait_for_url(f"**/app/{slug}")
            page.locator("main h1").wait_for()
            page.locator("main .loading").wait_for(state="detached")
            page.wait_for_timeout(300)
            save(page.screenshot(), slug)
        browser.close()
    for error in errors:
        print("console error:", error)


if __name__ == "__main__":
    main(*sys.argv[1:4])
