"""Stage 2: glyphs to words, and words to visual lines.

Glyphs (in drawing order, from loaders/pdf/glyphs.py) join into a word while each follows
the last on its baseline, closer than `word_gap` glyph heights, with no vertical ruling line
between them; words come out in reading order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import NamedTuple

from loaders.pdf.glyphs import Glyph, Rule
from loaders.pdf.settings import SETTINGS

S = SETTINGS


class Word(NamedTuple):
    """Glyphs joined on one baseline: the text and its box (top measured from the page's
    top)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


# Kinsoku: these never start a line or a cell; printed past a rule they still close the
# text before them.
CLOSING = "）)」』】。、，,・ー"


def words_of(glyphs: Iterable[Glyph], rules: Iterable[Rule] = ()) -> list[Word]:
    """Glyphs in the order they are drawn, joined into words while each follows the last on
    its baseline closer than `word_gap` glyph heights and no vertical ruling line parts them
    (but a closing bracket or 。 printed past a rule still closes its word); words in
    reading order (top to bottom, left to right). Drawing order keeps two texts apart that
    overlap where one overflows its cell."""
    # vertical rules by x, each x's segments merged where they touch (a ruled table draws
    # one segment per row and column)
    spans_at: dict[float, list[list[float]]] = {}
    verticals = (r for r in rules if r.x1 - r.x0 < S.rule_thickness)
    for r in sorted(verticals, key=lambda r: (r.x0, r.top)):
        merged = spans_at.setdefault(round(r.x0, 1), [])
        if merged and r.top <= merged[-1][1] + S.rule_join:
            merged[-1][1] = max(merged[-1][1], r.bottom)
        else:
            merged.append([r.top, r.bottom])
    xs = sorted(spans_at)

    def ruled(left: Glyph, right: Glyph) -> bool:
        """A vertical rule between the two glyphs' centres, beside them."""
        start = bisect.bisect_right(xs, (left.x0 + left.x1) / 2)
        stop = bisect.bisect_left(xs, (right.x0 + right.x1) / 2, start)
        return start < stop and any(
            top <= right.bottom and bottom >= right.top
            for x in xs[start:stop]
            for top, bottom in spans_at[x]
        )

    same_line, backstep, gap = S.same_line, S.word_backstep, S.word_gap
    runs: list[list[Glyph]] = []
    run: list[Glyph] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None:
            size = glyph.bottom - glyph.top
            if size < 1.0:
                size = 1.0
            if (
                abs(glyph.top + glyph.bottom - previous.top - previous.bottom)
                <= 2 * same_line * size
                and previous.x0 - backstep * size <= glyph.x0 <= previous.x1 + gap * size
                and (glyph.text in CLOSING or not (xs and ruled(previous, glyph)))
            ):
                run.append(glyph)
                previous = glyph
                continue
        run = [glyph]
        runs.append(run)
        previous = glyph
    words = [_word(run) for run in runs]
    return sorted(words, key=lambda w: (round(w.middle, 1), w.x0))


def _word(glyphs: list[Glyph]) -> Word:
    texts, x0s, x1s, tops, bottoms = zip(*glyphs, strict=True)
    return Word("".join(texts), min(x0s), max(x1s), min(tops), max(bottoms))


def visual_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped by baseline, each line left to right."""
    words = list(words)
    if len(words) <= 1:
        return [words] if words else []
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if lines and abs(word.middle - lines[-1][0].middle) <= S.same_line * word.height:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]
