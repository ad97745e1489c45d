"""Draws the public site's demo illustrations (home/demo_images/*.png) with Pillow.

Abstract, drawn shapes only: hills, a path, a home, soft circles. Never a person. Run again after
changing a drawing: `.venv/bin/python scripts/draw_illustrations.py`. The pictures are made for
the project and dedicated to the public domain (CC0 1.0); see home/demo_images/README.md.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "home" / "demo_images"
WIDTH, HEIGHT = 1600, 1000
SCALE = 2  # drawn at twice the size, then reduced: smooth edges

CREAM = (251, 243, 232)
PEACH = (244, 201, 168)
SUN = (246, 200, 107)
SKY = (214, 226, 240)
BLUE = (157, 180, 211)
BRAND = (44, 79, 124)
PLUM = (122, 46, 94)
ROSE = (201, 154, 184)
SAGE = (185, 211, 176)
GREEN = (143, 181, 154)
DEEP_GREEN = (96, 140, 118)
PATH = (240, 226, 200)


def canvas(top, bottom):
    """A vertical gradient from `top` to `bottom`."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    image = Image.new("RGB", (w, h), top)
    draw = ImageDraw.Draw(image)
    for y in range(h):
        t = y / (h - 1)
        draw.line(
            [(0, y), (w, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    return image


def hill(draw, base, amplitude, wavelength, phase, colour):
    """A soft hill line across the picture, filled below."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    points = [
        (x, base * SCALE + amplitude * SCALE * math.sin(x / (wavelength * SCALE) + phase))
        for x in range(0, w + 8, 8)
    ]
    draw.polygon([(0, h), *points, (w, h)], fill=colour)


def circle(draw, cx, cy, r, colour):
    s = SCALE
    draw.ellipse([(cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s], fill=colour)


def winding_path(draw, start, end, wobble, width_start, width_end, colour):
    """A path that narrows as it goes into the distance."""
    steps = 120
    left, right = [], []
    for i in range(steps + 1):
        t = i / steps
        x = start[0] + (end[0] - start[0]) * t + wobble * math.sin(t * math.pi * 2.2) * (1 - t)
        y = start[1] + (end[1] - start[1]) * t
        half = (width_start + (width_end - width_start) * t) / 2
        left.append(((x - half) * SCALE, y * SCALE))
        right.append(((x + half) * SCALE, y * SCALE))
    draw.polygon(left + right[::-1], fill=colour)


def finish(image, name):
    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    image = image.filter(ImageFilter.SMOOTH)
    OUT.mkdir(parents=True, exist_ok=True)
    image.save(OUT / name, optimize=True)


def home_at_dawn():
    image = canvas(SKY, CREAM)
    draw = ImageDraw.Draw(image)
    circle(draw, 1180, 330, 150, (250, 222, 160))
    circle(draw, 1180, 330, 110, SUN)
    hill(draw, 560, 40, 260, 0.6, SAGE)
    hill(draw, 680, 55, 200, 2.1, GREEN)
    winding_path(draw, (560, 1000), (720, 640), 140, 360, 40, PATH)
    # The house: walls, roof, a door and a lit window.
    s = SCALE
    draw.rectangle([640 * s, 500 * s, 860 * s, 650 * s], fill=CREAM)
    draw.polygon([(615 * s, 505 * s), (750 * s, 395 * s), (885 * s, 505 * s)], fill=PLUM)
    draw.rectangle([725 * s, 565 * s, 775 * s, 650 * s], fill=BRAND)
    draw.rectangle([665 * s, 535 * s, 705 * s, 575 * s], fill=SUN)
    draw.rectangle([795 * s, 535 * s, 835 * s, 575 * s], fill=SUN)
    hill(draw, 860, 45, 240, 4.0, DEEP_GREEN)
    winding_path(draw, (560, 1000), (720, 640), 140, 360, 40, PATH)
    finish(image, "home-at-dawn.png")


def path_through_hills(name="path-through-hills.png", sky=(CREAM, PEACH), sun=(420, 360), flip=1):
    image = canvas(*sky)
    draw = ImageDraw.Draw(image)
    circle(draw, *sun, 130, SUN)
    hill(draw, 520, 35, 300, 1.2, BLUE)
    hill(draw, 610, 50, 230, 3.3, SAGE)
    hill(draw, 740, 60, 210, 0.2, GREEN)
    hill(draw, 900, 35, 260, 5.0, DEEP_GREEN)
    winding_path(draw, (900, 1000), (980, 560), 260 * flip, 420, 16, PATH)
    # Birds far away: two short arcs each.
    s = SCALE
    for bx, by in [(1100, 250), (1180, 300), (1040, 320)]:
        draw.arc([(bx - 24) * s, by * s, bx * s, (by + 24) * s], 200, 340, fill=BRAND, width=5 * s)
        draw.arc([bx * s, by * s, (bx + 24) * s, (by + 24) * s], 200, 340, fill=BRAND, width=5 * s)
    finish(image, name)


def circles_together(name="circles-together.png", mirror=False, turn=0):
    image = canvas(CREAM, (248, 232, 222))
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    big = [(*ROSE, 170), (*BLUE, 170), (*PEACH, 200)]
    big = big[turn:] + big[:turn]  # the same circles, their colours moved round
    for cx, cy, r, colour in [
        (640, 520, 260, big[0]),
        (900, 480, 230, big[1]),
        (780, 690, 210, big[2]),
        (1180, 330, 90, (*SUN, 200)),
        (330, 760, 70, (*SAGE, 220)),
        (1300, 760, 120, (*SAGE, 170)),
    ]:
        circle(draw, WIDTH - cx if mirror else cx, cy, r, colour)
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    finish(image, name)


if __name__ == "__main__":
    home_at_dawn()
    path_through_hills()
    path_through_hills("path-at-evening.png", sky=((236, 214, 226), PEACH), sun=(560, 420), flip=-1)
    path_through_hills("path-in-the-morning.png", sky=(SKY, CREAM), sun=(760, 300))
    circles_together()
    circles_together("circles-side-by-side.png", mirror=True)
    circles_together("circles-close.png", turn=1)
    for path in sorted(OUT.glob("*.png")):
        print(path.name, path.stat().st_size)
