"""A table's cells as they may be shown: the one place that applies the small-numbers rule
(`suppression`), used by the page, the charts, the XLSX and the PDF alike."""

from typing import Any

from . import suppression
from .registry import Table


def _kind(table: Table, column: int) -> str:
    kinds = list(table.kinds)
    return kinds[column - 1] if 0 < column <= len(kinds) else "people"


def _cell(table: Table, row: list[Any], column: int) -> Any:
    value = row[column]
    kind = _kind(table, column)
    if kind == "plain" or column == 0:
        return "–" if value is None else value
    if kind == "rate":
        part, whole = value
        return suppression.rate(part, whole)
    if kind in ("share_n", "share_N", "share_pct"):
        n_column = next(i for i in range(1, len(row)) if _kind(table, i) == "share_n")
        whole_column = next(i for i in range(1, len(row)) if _kind(table, i) == "share_N")
        shown = suppression.share(row[n_column] or 0, row[whole_column] or 0)
        return shown[("share_n", "share_N", "share_pct").index(kind)]
    return suppression.people(value)


def display_rows(table: Table) -> list[list[Any]]:
    """Every cell of the table as shown to anyone: numbers, or "fewer than 5"."""
    rows = [[_cell(table, row, column) for column in range(len(row))] for row in table.rows]
    for column in range(1, len(table.columns)):
        if _kind(table, column) == "breakdown":
            shown = suppression.breakdown([row[column] or 0 for row in table.rows])
            for row, value in zip(rows, shown, strict=True):
                row[column] = value
    return rows


def chart_values(table: Table) -> list[tuple[str, float | None]]:
    """The chart's column as (label, number): a hidden cell is drawn as no bar (None), never as
    its true size; a share ("50%") as its number."""
    values = []
    column = table.chart_column
    for row in display_rows(table):
        value = row[column] if len(row) > column else None
        if isinstance(value, str) and value.endswith("%"):
            value = float(value[:-1])
        label = ": ".join(str(cell) for cell in row[: table.label_columns])
        values.append((label, value if isinstance(value, int | float) else None))
    return values
