"""The timeline of dated records as SVG, drawn in plain Python: same records, same bytes.

It draws the model's dated table (the first cited table with declared dates): one row per dated record,
earliest first, coloured by its declared status, hollow where its date is inferred, an arrow where it has
only a last day (a deadline). The time axis is drawn year by year: a year is wider the more records fall
in it, and a run of years without any dated record is collapsed into a break (≈), so that records twenty
years apart and records a day apart can share one picture. The caption says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .summary import TIMELINE_LIMIT, Summary, date_text

RIGHT = 16
ROW_H, LEGEND_H, AXIS_H, CAPTION_H = 18, 28, 30, 40
GAP_WEIGHT = 0.8
PALETTE = ["#1f5fa8", "#13806f", "#b85c12", "#8a4fb0", "#a8326e", "#5b6b14", "#2a7f9e", "#7a5230"]  # by status
OTHER_COLOUR = "#666666"
MONTHS = "JFMAMJJASOND"


@dataclass(frozen=True)
class Size:
    width: int = 960
    label_width: int = 372  # the left part, where each row names its event
    label_chars: int = 58


FILE_SIZE = Size()
PAGE_SIZE = Size(width=760, label_width=300, label_chars=45)  # fits the page's left column unscaled


@dataclass(frozen=True)
class Segment:
    first_year: int
    last_year: int
    x0: float
    width: float
    gap: bool  # a run of years with no dated event, drawn as a break


@dataclass(frozen=True)
class Item:
    """One dated record as the timeline draws it."""
    id: str
    title: str
    status: str | None
    first: dt.date
    last: dt.date
    deadline: bool  # only a last day is known
    inferred: bool
    when: str


def timeline_svg(summary: Summary, size: Size = FILE_SIZE) -> str:
    table = summary.model.dated
    total = summary.count(table.name) if table else 0
    if total > TIMELINE_LIMIT:
        return _too_many(total, table.noun[1] if table else "records", size)
    dated = sorted(_items(summary), key=lambda i: (i.first, i.last, i.id))
    noun = table.noun[1] if table else "records"
    colours = _colours(summary)
    height = LEGEND_H + AXIS_H + max(1, len(dated)) * ROW_H + CAPTION_H
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size.width} {height}" width="{size.width}" '
           f'height="{height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="11" '
           'role="img" aria-labelledby="tl-title tl-desc">',
           f'<title id="tl-title">Timeline of the dated {escape(noun)}</title>',
           f'<desc id="tl-desc">{len(dated)} of {total} {escape(noun)} have a date; one row each, earliest '
           'first.</desc>',
           f'<rect width="{size.width}" height="{height}" fill="#ffffff"/>']
    out += _legend(colours)
    if dated:
        segments = _segments(dated, size)
        out += _axis(segments, height, size)
        for row, item in enumerate(dated):
            out += _row(item, row, segments, size, colours)
    caption_y = LEGEND_H + AXIS_H + max(1, len(dated)) * ROW_H + 16
    out.append(f'<text x="8" y="{caption_y}" fill="#333">{len(dated)} of {total} {escape(noun)} have a date and are '
               f'shown; the other {total - len(dated)} are undated in their article.</text>')
    out.append(f'<text x="8" y="{caption_y + 15}" fill="#333">The axis is not to scale: a year is drawn wider the '
               f'more {escape(noun)} fall in it, and years with no dated '
               f'{escape(table.noun[0] if table else "record")} are collapsed (≈).</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _items(summary: Summary) -> list[Item]:
    table = summary.model.dated
    if table is None or table.dates is None or table.id_field is None:
        return []
    rule, _, _ = summary.inferred(table, 0)
    fields = [table.id_field, *dict.fromkeys(table.dates)] + [f for f in (table.title, table.status,
                                                                         rule.get("basis")) if f]
    items = []
    for row in summary.views[table.name].arrow.select(list(dict.fromkeys(fields))).to_pylist():
        start, end = row[table.dates[0]], row[table.dates[1]]
        if start is None and end is None:
            continue
        items.append(Item(row[table.id_field], (row.get(table.title) if table.title else None) or "",
                          row.get(table.status) if table.status else None, start or end, end or start,
                          start is None, bool(rule) and row.get(rule["basis"]) == "inferred", date_text(start, end)))
    return items


def _colours(summary: Summary) -> dict[str, str]:
    """A colour for each value of the dated table's status, in the order of its enum."""
    table = summary.model.dated
    if table is None or not table.status:
        return {}
    values = table.constraints(table.status).get("enum", [])
    return {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(values)}


def _too_many(count: int, noun: str, size: Size) -> str:
    """One row per record stops being readable long before it stops being drawable: say so instead."""
    text = (f"{count:,} {escape(noun)}: too many to draw one row each (the limit is {TIMELINE_LIMIT:,}); "
            "see the data files.")
    return "\n".join([f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size.width} 40" width="{size.width}" '
                      'height="40" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="11" role="img">',
                      f'<title>{text}</title>', f'<rect width="{size.width}" height="40" fill="#ffffff"/>',
                      f'<text x="8" y="24" fill="#333">{text}</text>', "</svg>"]) + "\n"


def _segments(dated: list[Item], size: Size) -> list[Segment]:
    per_year: dict[int, int] = {}
    for item in dated:
        for year in range(item.first.year, item.last.year + 1):
            per_year[year] = per_year.get(year, 0) + 1
    first, last = min(per_year), max(per_year)
    parts: list[tuple[int, int, float, bool]] = []  # (first year, last year, weight, gap)
    year = first
    while year <= last:
        if year in per_year:
            parts.append((year, year, 1.8 + per_year[year] / 3, False))
            year += 1
            continue
        end = year
        while end + 1 not in per_year:
            end += 1
        parts.append((year, end, GAP_WEIGHT, True))
        year = end + 1
    unit = (size.width - size.label_width - RIGHT) / sum(p[2] for p in parts)
    segments, x = [], float(size.label_width)
    for a, b, weight, gap in parts:
        segments.append(Segment(a, b, x, weight * unit, gap))
        x += weight * unit
    return segments


def _x(segments: list[Segment], day: dt.date, end_of_day: bool = False) -> float:
    for s in segments:
        if not s.gap and s.first_year == day.year:
            days = 366 if _leap(day.year) else 365
            fraction = (day.timetuple().tm_yday - (0 if end_of_day else 1)) / days
            return s.x0 + fraction * s.width
    raise ValueError(f"{day} is outside the timeline")  # cannot happen: segments cover every event's years


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _legend(colours: dict[str, str]) -> list[str]:
    out, x = [], 8.0
    for status, colour in colours.items():
        out.append(f'<rect x="{x:.1f}" y="8" width="14" height="10" rx="2" fill="{colour}"/>')
        out.append(f'<text x="{x + 19:.1f}" y="17">{escape(status)}</text>')
        x += 28 + 7 * len(status)
    out.append(f'<rect x="{x + 8:.1f}" y="8" width="14" height="10" rx="2" fill="#ffffff" stroke="#333" '
               'stroke-width="1.5"/>')
    out.append(f'<text x="{x + 27:.1f}" y="17">hollow: date inferred, not stated</text>')
    x += 240
    out.append(f'<path d="M{x:.1f},13 h12" stroke="#333" stroke-dasharray="2,2"/>'
               f'<path d="M{x + 12:.1f},8 l7,5 l-7,5 z" fill="#333"/>')
    out.append(f'<text x="{x + 25:.1f}" y="17">deadline (no later than)</text>')
    return out


def _axis(segments: list[Segment], height: float, size: Size) -> list[str]:
    top, bottom = LEGEND_H + AXIS_H, height - CAPTION_H
    out = [f'<line x1="{size.label_width}" y1="{top}" x2="{size.width - RIGHT}" y2="{top}" stroke="#999"/>']
    for s in segments:
        if s.gap:
            mid = s.x0 + s.width / 2
            out.append(f'<rect x="{s.x0:.1f}" y="{top}" width="{s.width:.1f}" height="{bottom - top}" fill="#f1f1f1"/>')
            out.append(f'<text x="{mid:.1f}" y="{top - 4}" text-anchor="middle" fill="#777">≈</text>')
            continue
        out.append(f'<line x1="{s.x0:.1f}" y1="{top - 14}" x2="{s.x0:.1f}" y2="{bottom}" stroke="#bbb"/>')
        out.append(f'<text x="{s.x0 + 3:.1f}" y="{top - 16}" font-weight="bold" fill="#333">{s.first_year}</text>')
        if s.width >= 96:
            for month in range(1, 13):
                x = _x(segments, dt.date(s.first_year, month, 1))
                if month > 1:
                    out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top}" stroke="#999"/>')
                if s.width >= 200:
                    out.append(f'<text x="{x + s.width / 24:.1f}" y="{top - 4}" text-anchor="middle" font-size="9" '
                               f'fill="#777">{MONTHS[month - 1]}</text>')
    return out


def _row(item: Item, row: int, segments: list[Segment], size: Size, colours: dict[str, str]) -> list[str]:
    y = LEGEND_H + AXIS_H + row * ROW_H
    mid = y + ROW_H / 2
    colour = colours.get(item.status or "", OTHER_COLOUR)
    fill = "#ffffff" if item.inferred else colour
    label = f"{item.id}  {item.title}"
    if len(label) > size.label_chars:
        label = label[:size.label_chars - 1].rstrip() + "…"
    status = f" · {escape(str(item.status))}" if item.status is not None else ""
    out = [f'<g class="event" data-id="{escape(item.id)}">',
           f'<title>{escape(item.id)} · {escape(item.when)}{status} · {escape(item.title)}</title>']
    if row % 2 == 0:
        out.append(f'<rect x="0" y="{y}" width="{size.width}" height="{ROW_H}" fill="#f7f8fa"/>')
    else:
        out.append(f'<rect x="0" y="{y}" width="{size.width}" height="{ROW_H}" fill="#ffffff" fill-opacity="0"/>')
    out.append(f'<text x="8" y="{mid + 4:.1f}" fill="#222">{escape(label)}</text>')
    stroke = f'stroke="{colour}" stroke-width="1.5"'
    if item.deadline:
        x = _x(segments, item.last, end_of_day=True)
        out.append(f'<path d="M{x - 18:.1f},{mid:.1f} h11" stroke="{colour}" stroke-dasharray="2,2"/>')
        out.append(f'<path d="M{x - 7:.1f},{mid - 5:.1f} l7,5 l-7,5 z" fill="{fill}" {stroke}/>')
    elif item.first == item.last:
        x = (_x(segments, item.first) + _x(segments, item.last, end_of_day=True)) / 2
        out.append(f'<circle cx="{x:.1f}" cy="{mid:.1f}" r="4.5" fill="{fill}" {stroke}/>')
    else:
        x0, x1 = _x(segments, item.first), _x(segments, item.last, end_of_day=True)
        width = max(4.0, x1 - x0)
        out.append(f'<rect x="{x0:.1f}" y="{mid - 5:.1f}" width="{width:.1f}" height="10" rx="2" '
                   f'fill="{fill}" {stroke}/>')
    out.append("</g>")
    return out
