"""The report as files: XLSX (a sheet about the report, then one sheet per section) and PDF
(the page's tables and charts, through WeasyPrint). Every figure goes through the same
small-numbers rule as the page (`render.display_rows`); written answers only when chosen, and
never with a name."""

import io
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from pace_site.spreadsheets import safe_cell

from .registry import Section
from .render import display_rows

SUPPRESSION_RULE = (
    'Small numbers: any count of 1 to 4 people is shown as "fewer than 5", and a figure '
    "that would let it be worked out (a share, the other part of a total) is hidden too."
)


def about_lines(context: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Report", "Outcomes and impact"),
        ("Period", context["period_words"]),
        *[(label, value) for label, value in context["filter_words"]],
        ("Response rates", "Beside each outcome: questionnaires answered of those sent."),
        ("Small numbers", SUPPRESSION_RULE),
        ("Written answers", "Included" if context["text_answers"] else "Not included"),
    ]


def _sheet_title(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    while name in used:
        name = name[:28] + f" {len(used)}"
    used.add(name)
    return name


def report_xlsx(sections: list[Section], context: dict[str, Any]) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "About this report"
    for line in about_lines(context):
        about.append([safe_cell(str(part)) for part in line])
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 100
    used = {about.title}
    for section in sections:
        sheet = book.create_sheet(_sheet_title(section.title, used))
        for table in section.tables:
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            sheet.append(list(table.columns))
            for row in display_rows(table):
                sheet.append([safe_cell(cell) for cell in row])
            if table.note:
                sheet.append([safe_cell(table.note)])
            sheet.append([])
        sheet.column_dimensions["A"].width = 60
    if context["text_answers"]:
        sheet = book.create_sheet("Written answers")
        sheet.append(["Question", "Written answer (no names)"])
        for question, words in context["text_answers"]:
            sheet.append([safe_cell(question), safe_cell(words)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("outcomes/reports/report_pdf.html", context)
    return HTML(string=html).write_pdf()
