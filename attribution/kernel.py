"""The depth-first search of `solver._Search`, compiled (numba) for speed.

Same order, same pruning, same node count as a plain recursive search would have: the
kernel only replaces Python's interpreter loop by machine code. Inputs are flat arrays
built once per search order (see `solver._Search`):

* ``dom_count[p]`` and ``dom[p, k, c]``: the splits still possible at position p, in
  plausibility order (at most three per line);
* per position p, its checks ``chk_start[p]:chk_start[p + 1]``: constraint index,
  column, coefficient, the interval [lo, hi] the remainder must stay in, and the offset
  of the bitset of remainders the later lines can reach (bit i for remainder lo + i,
  one bit per thousand yen), or -1 when the constraint is pruned by the interval alone;
* ``targets[ci]``: what each constraint column still needs.

The compiled code is cached beside this file (``__pycache__``), so only the first run
on a machine pays for compiling it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

FOUND = 1
EXHAUSTED = 0
OUT_OF_BUDGET = 2


@njit(cache=True, nogil=True)
def first_assignment(
    dom_count: np.ndarray,
    dom: np.ndarray,
    chk_start: np.ndarray,
    chk_ci: np.ndarray,
    chk_col: np.ndarray,
    chk_coef: np.ndarray,
    chk_lo: np.ndarray,
    chk_hi: np.ndarray,
    chk_bits: np.ndarray,
    bits: np.ndarray,
    targets: np.ndarray,
    budget: int,
) -> tuple[int, np.ndarray]:
    """(FOUND, choice index per position) | (EXHAUSTED, _) | (OUT_OF_BUDGET, _)."""
    n = dom_count.shape[0]
    choice = np.full(n, -1, dtype=np.int64)
    applied = np.zeros(n, dtype=np.bool_)
    remaining = targets.copy()
    if n == 0:
        return FOUND, choice
    nodes = 0
    p = 0
    while True:
        if applied[p]:
            k = choice[p]
            for j in range(chk_start[p], chk_start[p + 1]):
                remaining[chk_ci[j]] += dom[p, k, chk_col[j]] * chk_coef[j]
            applied[p] = False
        choice[p] += 1
        if choice[p] >= dom_count[p]:
            choice[p] = -1
            if p == 0:
                return EXHAUSTED, choice
            p -= 1
            continue
        nodes += 1
        if nodes > budget:
            return OUT_OF_BUDGET, choice
        k = choice[p]
        ok = True
        done = chk_start[p]
        for j in range(chk_start[p], chk_start[p + 1]):
            ci = chk_ci[j]
            rest = remaining[ci] - dom[p, k, chk_col[j]] * chk_coef[j]
            remaining[ci] = rest
            done = j + 1
            # the bitset starts at chk_lo and ends at chk_hi, so the bit index is in range
            if rest < chk_lo[j] or rest > chk_hi[j]:
                ok = False
                break
            offset = chk_bits[j]
            at = rest - chk_lo[j]
            if offset >= 0 and not (bits[offset + (at >> 3)] >> (at & 7)) & 1:
                ok = False
                break
        if ok:
            applied[p] = True
            p += 1
            if p == n:
                return FOUND, choice
        else:
            for j in range(chk_start[p], done):
                remaining[chk_ci[j]] += dom[p, k, chk_col[j]] * chk_coef[j]
