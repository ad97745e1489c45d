#!/usr/bin/env python
"""Contact sheets of the screen sweep, for a person to look through every screenshot.

`make screens` runs tests/quality/test_every_screen.py, which saves a full-page screenshot of
every page of every role at 390 and 1280 px under var/screenshots/screens/<kind>/, then this
script. Each sheet (var/screenshots/sheets/<kind>-<width>-<n>.png) holds 6 phone screenshots or
4 desktop ones, each scaled down and cut to its first one and a half screens, with its file name
above it. Open a full screenshot whenever something on a sheet looks wrong.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "var" / "screenshots" / "screens"
SHEETS = ROOT / "var" / "screenshots" / "sheets"
# width: (screenshots a sheet, columns, scale, the screen's height in CSS pixels)
LAYOUT = {390: (6, 3, 0.8, 844), 1280: (4, 2, 0.5, 800)}
LABEL_HEIGHT = 28
GAP = 16
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def tile(path: Path, width: int) -> Image.Image:
    """The screenshot scaled down and cut to its first one and a half screens."""
    _count, _columns, scale, screen = LAYOUT[width]
    with Image.open(path) as shot:
        shot = shot.convert("RGB")
        shot = shot.crop((0, 0, shot.width, min(shot.height, int(screen * 1.5))))
        size = (int(shot.width * scale), int(shot.height * scale))
        return shot.resize(size, Image.Resampling.LANCZOS)


def sheet(paths: list[Path], width: int) -> Image.Image:
    _count, columns, scale, screen = LAYOUT[width]
    cell_w = int(width * scale)
    cell_h = int(screen * 1.5 * scale) + LABEL_HEIGHT
    rows = (len(paths) + columns - 1) // columns
    image = Image.new("RGB", (columns * (cell_w + GAP) + GAP, rows * (cell_h + GAP) + GAP), "#ddd")
    draw = ImageDraw.Draw(image)
    label_font = font(14)
    for i, path in enumerate(paths):
        x = GAP + (i % columns) * (cell_w + GAP)
        y = GAP + (i // columns) * (cell_h + GAP)
        name = path.name
        while draw.textlength(name, font=label_font) > cell_w and len(name) > 8:
            name = name[:-5] + "…"
        draw.text((x, y + 4), name, fill="#000", font=label_font)
        shot = tile(path, width)
        image.paste(shot, (x, y + LABEL_HEIGHT))
        draw.rectangle(
            (x - 1, y + LABEL_HEIGHT - 1, x + shot.width, y + LABEL_HEIGHT + shot.height),
            outline="#888",
        )
    return image


def build(screens: Path = SCREENS, sheets: Path = SHEETS) -> list[Path]:
    """Makes the contact sheets afresh; returns their paths."""
    sheets.mkdir(parents=True, exist_ok=True)
    for old in sheets.glob("*.png"):
        old.unlink()
    made = []
    for kind in sorted(p for p in screens.iterdir() if p.is_dir()):
        for width, (count, _columns, _scale, _screen) in LAYOUT.items():
            shots = sorted(kind.glob(f"*-{width}.png"))
            for n, start in enumerate(range(0, len(shots), count), start=1):
                path = sheets / f"{kind.name}-{width}-{n:02}.png"
                sheet(shots[start : start + count], width).save(path, optimize=True)
                made.append(path)
    return made


def main() -> int:
    if not SCREENS.is_dir():
        print("No screenshots yet: run `make screens`.", file=sys.stderr)
        return 1
    made = build()
    shots = sum(1 for _ in SCREENS.glob("*/*.png"))
    print(f"{shots} screenshots on {len(made)} contact sheets in {SHEETS.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
