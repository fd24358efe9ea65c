"""Stage 4: a page's words to rows, by column.

Each word is placed in its column (figures by their right edge, marks and periods by their
centre, text by its left edge; words sharing a left edge stand in one column), then in its
row: anchored on the budget figures, between the same two horizontal rules, or (unruled)
each text cell's lines as one block centred on its row's figures.
"""

from __future__ import annotations

import bisect

from loaders.layout import Layout
from loaders.pdf.columns import ColumnSpan, is_value
from loaders.pdf.glyphs import Rule
from loaders.pdf.settings import SETTINGS
from loaders.pdf.words import Word, visual_lines

S = SETTINGS


def _rule_rows(rules: list[Rule], name_span: ColumnSpan) -> list[float]:
    """The horizontal rules across the name column, top to bottom (none: unruled)."""
    return sorted(
        {
            round(r.top, 1)
            for r in rules
            if r.bottom - r.top < S.rule_thickness
            and r.x0 <= name_span.x0 + S.rule_reach
            and r.x1 >= name_span.x1 - S.rule_reach
        }
    )


def _nearest(anchors: list[Word], word: Word) -> int:
    """The anchor whose middle is nearest the word's (the first of equals)."""
    y = word.middle
    best, distance = 0, abs(anchors[0].middle - y)
    for i in range(1, len(anchors)):
        d = abs(anchors[i].middle - y)
        if d < distance:
            best, distance = i, d
    return best


def _rows_of_words(
    anchors: list[Word],
    words: list[Word],
    ys: list[float],
    text_column: bool,
    first_line: bool = False,
) -> list[int]:
    """Each word's row (anchor index). Ruled: the row whose budget figure stands between
    the same two rules (where two rules hold several rows' figures, among those as
    unruled). Unruled, where the layout prints a row's figures on its first line (a budget
    book): the last row whose figures stand at or above the word. Unruled otherwise: a
    row's cell text is a block of lines centred on its figures, so a text column's lines
    are cut into one contiguous block per row, each as near its row's figures as can be
    (a tall cell's first line may be nearer the row above's figures); a single value goes
    to the nearest row."""
    if ys:
        bands: dict[int, list[int]] = {}
        for i, anchor in enumerate(anchors):
            bands.setdefault(bisect.bisect(ys, anchor.middle), []).append(i)
        rows = [0] * len(words)
        by_band: dict[int, list[int]] = {}
        for index, word in enumerate(words):
            band = bisect.bisect(ys, word.middle)
            same = bands.get(band, [])
            if len(same) == 1:
                rows[index] = same[0]
            elif not same:
                rows[index] = _nearest(anchors, word)
            else:
                by_band.setdefault(band, []).append(index)
        # rules around several rows (a table ruled as a box, not row by row): those rows'
        # words are placed as in an unruled table, among the rows of their band
        for band, indexes in by_band.items():
            members = bands[band]
            placed = _rows_of_words(
                [anchors[i] for i in members],
                [words[i] for i in indexes],
                [],
                text_column,
                first_line,
            )
            for index, row in zip(indexes, placed, strict=True):
                rows[index] = members[row]
        return rows
    if first_line:
        return [_at_or_above(anchors, word) for word in words]
    if not text_column:
        return [_nearest(anchors, word) for word in words]
    lines = visual_lines(words)
    if len(lines) < len(anchors):
        return [_nearest(anchors, word) for word in words]
    middles = [line[0].middle for line in lines]
    row_of_line = _blocks(middles, [a.middle for a in anchors])
    row_of_word = {id(w): row_of_line[i] for i, line in enumerate(lines) for w in line}
    return [row_of_word[id(w)] for w in words]


def _at_or_above(anchors: list[Word], word: Word) -> int:
    """Where a row's figures stand on its first line (a budget book): the last row whose
    figures stand at or above the word (half a line's grace), else the first row."""
    row = 0
    for i, anchor in enumerate(anchors):
        if anchor.middle <= word.middle + 0.5 * word.height:
            row = i
    return row


def _blocks(lines: list[float], anchors: list[float]) -> list[int]:
    """Lines (their middles, top to bottom) cut into contiguous blocks of one to
    `max_cell_lines` lines, block k for anchor k, minimising the distance of each block's
    middle from its anchor (of equal cuts, the one whose blocks end first). When no such cut
    exists, each line goes to its nearest anchor.

    A dynamic programme over (blocks made, lines used), visiting only the states from which
    the remaining lines can still fill the remaining blocks."""
    n, m, most = len(lines), len(anchors), S.max_cell_lines
    if not m <= n <= m * most:
        return [min(range(m), key=lambda k: abs(anchors[k] - line)) for line in lines]
    inf = float("inf")
    # best[k][i]: the least cost of lines[:i] given to anchors[:k]; back: where block k-1 began
    best = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for k in range(m):
        here, there, came_from, anchor = best[k], best[k + 1], back[k + 1], anchors[k]
        left = m - k - 1  # blocks still to fill after this one
        # this block starts at line i and ends before line j; lines j: must fill `left` blocks
        lowest_j, highest_j = max(k + 1, n - left * most), n - left
        for i in range(max(k, lowest_j - most), min(k * most, highest_j - 1) + 1):
            base = here[i]
            if base == inf:
                continue
            first = lines[i]
            for j in range(max(i + 1, lowest_j), min(i + most, highest_j) + 1):
                cost = base + abs((first + lines[j - 1]) / 2 - anchor)
                if cost < there[j]:
                    there[j] = cost
                    came_from[j] = i
    rows = [0] * n
    j = n
    for k in range(m, 0, -1):
        i = back[k][j]
        for line in range(i, j):
            rows[line] = k - 1
        j = i
    return rows


def _left_aligned_columns(
    words: list[Word], spans: list[ColumnSpan], layout: Layout
) -> dict[int, ColumnSpan]:
    """Text is left-aligned: words starting at the same x (a column's left edge) stand in
    one column, the one the centre of the longest of them falls in. So a short last line
    of a wrapped name (業) goes with the name, however close to the next column it
    starts."""
    text = sorted(
        (w for w in words if not is_value(w.text, layout) and len(w.text.strip()) > 0),
        key=lambda w: w.x0,
    )
    groups: list[list[Word]] = []
    for word in text:
        if groups and word.x0 - groups[-1][0].x0 <= S.left_edge:
            groups[-1].append(word)
        else:
            groups.append([word])
    found: dict[int, ColumnSpan] = {}
    for group in groups:
        if len(group) < 2:
            continue
        longest = max(group, key=lambda w: w.x1 - w.x0)
        span = next((s for s in spans if s.x0 <= longest.center < s.x1), None)
        if span is not None and span.column.role.alignment == "left":
            for word in group:
                found[id(word)] = span
    return found


def _column_of(word: Word, spans: list[ColumnSpan], layout: Layout) -> ColumnSpan | None:
    """Figures are right-aligned (their right edge counts), marks and periods centred
    (their centre), text left-aligned (its left edge)."""
    text = word.text.strip()
    if layout.amount.fullmatch(text):
        x = word.x1 - S.edge
    elif is_value(text, layout) or len(text) == 1:
        x = word.center
    else:
        x = word.x0 + S.edge
    for span in spans:
        if span.x0 <= x < span.x1:
            return span
    return None
