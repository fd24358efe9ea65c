"""A hash of a package's own source: results produced by other code are produced again."""

from __future__ import annotations

import hashlib
from pathlib import Path


def code_hash(package_dir: Path, *data_dirs: Path) -> str:
    """The package's Python files (its subpackages' too: the PDF reader is loaders/pdf)
    and, for code that reads them, its data files (layouts)."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(str(path.relative_to(package_dir)).encode())
        digest.update(path.read_bytes())
    for data_dir in data_dirs:
        for path in sorted(data_dir.glob("*.yml")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
