"""A hash of a package's own source: results produced by other code are produced again."""

from __future__ import annotations

import hashlib
from pathlib import Path


def code_hash(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package_dir.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
