"""Cells of every CSV the product writes: text a spreadsheet app would run as a formula is
written with a leading apostrophe, so it shows as typed and runs nothing."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Numbers, dates and empty cells unchanged; text that starts like a formula defused."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
