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
    row's cell text is a block of lines aligned with its figures (centred on them, or with
    them on its first or last line, as the page fits best), so a text column's lines are
    cut into one contiguous block per row, each as near its row's figures as can be (a tall
    cell's first line may be nearer the row above's figures); a single value goes to the
    nearest row."""
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
    # a wrapped cell's lines but its last reach the column's right edge (the page's
    # rightmost line end in the column), give or take a letter and a half
    right = max(line[-1].x1 for line in lines)
    short = [line[-1].x1 < right - S.short_line * line[0].height for line in lines]
    row_of_line = _aligned_blocks(middles, [a.middle for a in anchors], short)
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


# how a row's cell text stands to its figures: the weights of a block's first and last
# line in the point aligned with them (centred, top-aligned: the figures on its first line,
# bottom-aligned: on its last); of equal fits, the first
ALIGNMENTS = ((0.5, 0.5), (1.0, 0.0), (0.0, 1.0))


def _aligned_blocks(lines: list[float], anchors: list[float], short: list[bool]) -> list[int]:
    """`_blocks` for the alignment that fits the lines best: a page's cells are aligned
    with their figures one way (a spreadsheet prints them centred, at the top or at the
    bottom of the row). Where two alignments fit alike (a line between a one-line cell and
    a two-line cell stands as well at the end of the first as at the start of the second),
    a cut that ends a block's line short of the column's edge before the block's last line
    (`short`) costs more: a wrapped cell's lines fill it but the last."""
    fits = [_blocks(lines, anchors, ALIGNMENTS[0], short)]
    if fits[0][1] > S.centred_fit * len(anchors):
        # not centred within print noise: the other alignments are tried
        fits += [_blocks(lines, anchors, alignment, short) for alignment in ALIGNMENTS[1:]]
    return min(fits, key=lambda b: b[1])[0]


def _blocks(
    lines: list[float],
    anchors: list[float],
    alignment: tuple[float, float] = (0.5, 0.5),
    short: list[bool] | None = None,
) -> tuple[list[int], float]:
    """Lines (their middles, top to bottom) cut into contiguous blocks of one to
    `max_cell_lines` lines, block k for anchor k, minimising the distance of each block's
    point aligned with its figures (`alignment`: the weights of its first and last line;
    centred by default) from its anchor (of equal cuts, the one whose blocks end first);
    and that distance summed, with `short_line_cost` for each line of a block but its last
    that is `short`. When no such cut exists, each line goes to its nearest anchor (the
    cost infinite).

    A dynamic programme over (blocks made, lines used), visiting only the states from which
    the remaining lines can still fill the remaining blocks."""
    n, m, most = len(lines), len(anchors), S.max_cell_lines
    inf = float("inf")
    if not m <= n <= m * most:
        return [min(range(m), key=lambda k: abs(anchors[k] - line)) for line in lines], inf
    on_first, on_last = alignment
    # shorts_before[i]: the short lines among lines[:i]
    shorts_before = [0]
    for is_short in short or [False] * n:
        shorts_before.append(shorts_before[-1] + is_short)
    penalty = S.short_line_cost
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
                cost = base + abs(on_first * first + on_last * lines[j - 1] - anchor)
                cost += penalty * (shorts_before[j - 1] - shorts_before[i])
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
    return rows, best[m][n]


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
