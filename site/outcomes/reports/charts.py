"""Bar charts of the report's tables, drawn on the server as SVG with pygal: no script (its
tooltips are JavaScript, left out), no XML declaration, Wagtail's admin colours. A hidden
small number has no bar. Each chart goes beside its table, with the figures as its text
alternative (`chart_summary`)."""

import re
import sys

import pygal
from pygal.style import Style

from .registry import Table
from .render import chart_values, display_rows

# pygal puts an import hook for its map plugins on sys.meta_path, written in the old loader
# API (find_module only), so every later import warns (an error under the test settings). The
# report draws no maps: take the hook out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#262626",
    foreground_strong="#262626",
    foreground_subtle="#5c5c5c",
    colors=("#007d7e",),
    font_family="system-ui, sans-serif",
    label_font_size=18,
    major_label_font_size=18,
    value_font_size=18,
    value_label_font_size=18,
    title_font_size=16,
)


def worth_a_chart(table: Table) -> bool:
    """A chart only where it shows something: a table with at least one bar to draw."""
    return table.chart and any(value for _label, value in chart_values(table))


def chart_svg(table: Table) -> str:
    """A horizontal bar chart of the table's first figure column, as SVG markup."""
    values = chart_values(table)
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        width=480 if len(table.columns) <= 3 else 720,
        height=max(160, 60 + 44 * len(values)),
        margin=8,
        truncate_label=-1 if table.label_columns == 1 else 32,
        print_zeroes=True,
        no_data_text="No answers in the period",
        tooltip_border_radius=0,
    )
    chart.x_labels = [label for label, _value in values]
    if _is_share(table):
        chart.range = (0, 100)
        chart.y_labels = [0, 25, 50, 75, 100]
    chart.add(table.columns[table.chart_column], [value for _label, value in values])
    return _without_script(chart.render(is_unicode=True))


def _without_script(svg: str) -> str:
    """pygal writes its settings into an inline <script> even with js=[] (for tooltips that
    are not loaded): take it out, and the comments, so the markup holds no script at all."""
    svg = re.sub(r"<script[^>]*>.*?</script>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return re.sub(r"<title>Pygal</title>", "", svg)


def chart_summary(table: Table) -> str:
    """The chart in words: its title and each bar's figure, small numbers hidden."""
    column_index = table.chart_column
    names = table.label_columns
    parts = [
        f"{': '.join(str(cell) for cell in row[:names])}: {row[column_index]}"
        for row in display_rows(table)
    ]
    column = table.columns[table.chart_column].lower()
    return f"Bar chart of {table.title.lower()}, {column}. " + "; ".join(parts) + "."


def _is_share(table: Table) -> bool:
    return bool(table.kinds) and table.kinds[table.chart_column - 1] == "share_pct"
