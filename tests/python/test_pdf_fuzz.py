"""Corrupt PDFs: every mutation of the shared sample either loads or fails in one line
naming the file (and the page when known), within a bounded time; never a traceback.

The mutations are made here, from a seed, so a failure names a reproducible input:
bytes flipped anywhere, characters of the ASCII85-encoded streams swapped for other
ASCII85 characters (the file still parses, the decoded content is garbage), a slice cut
out, and the file truncated.
"""

from __future__ import annotations

import random
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import get_context
from pathlib import Path

import pytest
from conftest import REPO

SAMPLE = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid.pdf"
MUTATIONS = 300
SECONDS_EACH = 60  # the sample reads in under a second; a hang is a failure
ASCII85 = bytes(range(ord("!"), ord("u") + 1))


def mutate(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    kind = seed % 4
    if kind == 0:  # flip a few bytes anywhere
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 1:  # swap stream characters for others of the same alphabet
        positions = [i for i, byte in enumerate(out) if byte in ASCII85]
        for _ in range(rng.randint(1, 6)):
            out[rng.choice(positions)] = rng.choice(ASCII85)
    elif kind == 2:  # cut a slice out
        start = rng.randrange(len(out))
        del out[start : start + rng.randint(1, 400)]
    else:  # truncated
        del out[rng.randrange(len(out)) :]
    return bytes(out)


def read_one(seed: int) -> tuple[int, str, str]:
    """('ok' | 'error' | 'escaped', message) for one mutation, in a worker process."""
    from core.errors import DocumentError
    from loaders.document import parse_document

    data = mutate(SAMPLE.read_bytes(), seed)
    try:
        parse_document(data, f"fuzz_{seed}.pdf")
    except DocumentError as exc:
        return seed, "error", str(exc)
    except BaseException as exc:  # noqa: BLE001 - what the test is looking for
        return seed, "escaped", f"{type(exc).__name__}: {exc}"
    return seed, "ok", ""


def test_every_corrupt_pdf_loads_or_fails_in_one_line_naming_the_file() -> None:
    pool = ProcessPoolExecutor(2, mp_context=get_context("spawn"))
    futures = [pool.submit(read_one, seed) for seed in range(MUTATIONS)]
    results = []
    try:
        for future in futures:
            results.append(future.result(timeout=SECONDS_EACH))
    except FutureTimeout:
        seed = futures.index(future)
        for process in pool._processes.values():  # a hung worker would block shutdown
            process.kill()
        pytest.fail(f"mutation {seed} took over {SECONDS_EACH} s")
    finally:
        pool.shutdown(cancel_futures=True)
    escaped = [(seed, message) for seed, kind, message in results if kind == "escaped"]
    assert not escaped, escaped[:5]
    errors = [(seed, message) for seed, kind, message in results if kind == "error"]
    for seed, message in errors:
        assert message.startswith(f"fuzz_{seed}.pdf"), message
        assert "\n" not in message and "\x1b" not in message, message
        assert message.isprintable(), message
    # the mutations reach past the file's structure into its pages and the reader
    assert sum(" (page " in message for _, message in errors) >= 10
    assert len(errors) >= MUTATIONS // 2


def test_the_loader_command_names_a_corrupt_pdf_in_one_line(tmp_path: Path) -> None:
    # mutation 0: flipped bytes garble page 4's content (a text object PDFium cannot place)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "broken.pdf").write_bytes(mutate(SAMPLE.read_bytes(), 0))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders",
            "load",
            "--docs",
            str(docs),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("error: broken.pdf (page 4): "), done.stderr
    assert "Traceback" not in done.stderr
