"""Where a long load stands: documents and pages read, the rate, the time left.

A load of a few seconds says nothing. A longer one prints a line on stderr at most every
EVERY_TTY seconds on a terminal (the line is rewritten in place) and every EVERY_LOG
seconds otherwise (a CI log gets a few lines, not hundreds); SHISAKU_PROGRESS=0 silences
it. Documents are counted as they are parsed (in worker processes too); pages are counted
as the PDF reader reads them in this process, so a single long book reports its pages.

    with loading(total=1000) as progress:
        for ...: progress.document(pages=8)
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

QUIET_FOR = 3.0  # seconds a load runs before it says anything
EVERY_TTY = 2.0
EVERY_LOG = 30.0
VARIABLE = "SHISAKU_PROGRESS"


class Progress:
    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = clock()
        self.documents = 0
        self.pages = 0
        self.last_said: float | None = None
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = os.environ.get(VARIABLE, "1") != "0"

    def document(self, pages: int = 0) -> None:
        """One more document parsed (with its pages unless counted page by page)."""
        self.documents += 1
        self.pages += pages
        self._maybe_say()

    def page(self) -> None:
        """One more page read by the PDF reader in this process."""
        self.pages += 1
        self._maybe_say()

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.documents / elapsed
        text = (
            f"loading: {self.documents:,}/{self.total:,} documents, {self.pages:,} pages read, "
            f"{rate:.1f} documents/s"
        )
        if 0 < self.documents < self.total:
            text += f", about {(self.total - self.documents) / rate:.0f} s left"
        elif self.documents == 0:
            text += f", {self.pages / elapsed:.1f} pages/s"
        return text

    def _maybe_say(self) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < QUIET_FOR:
            return
        every = EVERY_TTY if self.terminal else EVERY_LOG
        if self.last_said is not None and now - self.last_said < every:
            return
        self.last_said = now
        end = "\r" if self.terminal else "\n"
        print(self.line(), end=end, file=self.stream, flush=True)

    def finish(self) -> None:
        """The last line, when anything was said."""
        if self.last_said is not None and self.enabled:
            print(self.line(), file=self.stream, flush=True)


_CURRENT: list[Progress] = []


def current() -> Progress | None:
    """The load in progress in this process, if any (the PDF reader counts pages on it)."""
    return _CURRENT[-1] if _CURRENT else None


@contextmanager
def loading(total: int, stream: TextIO | None = None) -> Iterator[Progress]:
    progress = Progress(total, stream)
    _CURRENT.append(progress)
    try:
        yield progress
    finally:
        _CURRENT.pop()
        progress.finish()
