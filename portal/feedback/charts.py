"""A bar chart drawn on the server as plain SVG: no script, nothing from elsewhere.

Bars come from the same Table the page and the CSV show; a hidden (suppressed) cell gets no bar.
"""

from dataclasses import dataclass

WIDTH = 480
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
ROW_HEIGHT = 40
BAR_SPACE = 400  # room left for the number after the bar


@dataclass
class Bar:
    label: str
    value: float
    text_y: int
    bar_y: int
    width: int
    value_x: int


def bar_chart(table, key, maximum):
    bars = []
    for row in table.rows:
        value = row.get(key)
        if value is None:
            continue
        top = len(bars) * ROW_HEIGHT
        width = max(1, round(BAR_SPACE * float(value) / maximum))
        bars.append(Bar(row["label"], value, top + LABEL_HEIGHT - 4, top + LABEL_HEIGHT, width, width + 6))
    return {"bars": bars, "width": WIDTH, "height": max(ROW_HEIGHT, len(bars) * ROW_HEIGHT), "key": key}
