"""A person's information as a file: JSON, or a PDF to read and print.

Both are made from the one collection (see collect.py). The PDF uses the DejaVu font from the
system's fonts-dejavu-core where it is installed, so names in any alphabet print as written;
without it, characters outside Latin-1 print as "?".
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

from .collect import Collection

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def as_json(collection: Collection) -> bytes:
    return json.dumps(collection.as_dict(), ensure_ascii=False, indent=2).encode()


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.unicode = all((FONT_DIR / name).exists() for name in FONT_FILES.values())
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"

    def safe(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def write_block(self, value: str, *, size: int = 11, bold: bool = False, gap: float = 1):
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, self.safe(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


def as_pdf(collection: Collection, *, title: str) -> bytes:
    pdf = _Document()
    pdf.set_title(title)
    pdf.add_page()
    pdf.write_block(title, size=18, bold=True, gap=2)
    pdf.write_block(
        _("Made for %(person)s on %(when)s.")
        % {"person": collection.person, "when": collection.made_at}
    )
    if collection.held_back:
        pdf.write_block(
            _(
                "Notes written by staff are checked by a manager before they are shared. "
                "You can ask for a full copy from your page."
            )
        )
    for section in collection.sections:
        pdf.ln(3)
        pdf.write_block(section.heading, size=14, bold=True)
        for row in section.rows:
            for item in row.items:
                pdf.write_block(f"{item.label}: {item.value or '-'}", size=10, gap=0)
            pdf.ln(2)
    if not collection.sections:
        pdf.write_block(_("We hold nothing about you at the moment."))
    return bytes(pdf.output())
