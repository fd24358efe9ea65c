"""Writing a file so that no reader sees it half-written and no link at its name is
written through."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Write to a temporary name in the same folder, then rename over `path`: a hard link
    or symlink at `path` is replaced, never written through, and a reader never sees a
    half-written file. On an error the temporary file is removed and `path` is left as
    it was."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def output_folder(folder: Path) -> Path:
    """The folder to write into, made when missing; a folder that is a symbolic link is
    refused (what is written there would land somewhere else)."""
    if folder.is_symlink():
        raise ValueError(
            f"{folder}: the output folder is a symbolic link; refusing to write through it"
        )
    folder.mkdir(parents=True, exist_ok=True)
    return folder.resolve()
