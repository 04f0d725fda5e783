"""Draws the member app's icons (a dumbbell on the brand green) at 192 and 512 px.

Run from the repository root after changing the design:
    .venv/bin/python scripts/make_app_icons.py
The PNGs are committed (a few KB each); nothing runs this at build or start-up.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "memberapp" / "static" / "memberapp" / "icons"
GREEN = (11, 93, 75)
WHITE = (255, 255, 255)


def icon(size: int) -> Image.Image:
    # Drawn at 4x and scaled down for smooth edges. The dumbbell stays inside the middle
    # 60%, the safe zone of a maskable icon.
    big = size * 4
    image = Image.new("RGB", (big, big), GREEN)
    draw = ImageDraw.Draw(image)
    unit = big / 100

    def box(x0: float, y0: float, x1: float, y1: float) -> None:
        draw.rounded_rectangle(
            [x0 * unit, y0 * unit, x1 * unit, y1 * unit], radius=2 * unit, fill=WHITE
        )

    box(28, 47, 72, 53)  # the bar
    box(30, 34, 37, 66)  # inner plates
    box(63, 34, 70, 66)
    box(24, 39, 30, 61)  # outer plates
    box(70, 39, 76, 61)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
        print(OUT / f"icon-{size}.png")


if __name__ == "__main__":
    main()
