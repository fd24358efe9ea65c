"""The compiled (numba) loops of `attribution/solver.py`: bitset propagation
(`supported`), the search's reachability bitsets (`reach_after`) and the depth-first
search itself (`first_assignment`). `solver.py` decides what to compute; these only
replace Python's interpreter loop by machine code, with the same results (the search
visits and counts the same nodes a plain recursive search would).

The search's inputs are flat arrays built once per search order (see `solver._Search`):

* ``dom_count[p]`` and ``dom[p, k, c]``: the splits still possible at position p, in
  plausibility order (at most three per line);
* per position p, its checks ``chk_start[p]:chk_start[p + 1]``: constraint index,
  column, coefficient, the interval [lo, hi] the remainder must stay in, and the offset
  (in uint64 words) of the bitset of remainders the later lines can reach (bit i for
  remainder 64 * (lo // 64) + i, one bit per thousand yen), or -1 when the constraint
  is pruned by the interval alone;
* ``targets[ci]``: what each constraint column still needs.

The compiled code is cached beside this file (``__pycache__``); `make setup` compiles it
(`warm`), so builds do not.
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
            # the bitset covers the words of chk_lo..chk_hi, so the index is in range
            if rest < chk_lo[j] or rest > chk_hi[j]:
                ok = False
                break
            offset = chk_bits[j]
            at = rest - ((chk_lo[j] >> 6) << 6)
            if offset >= 0 and not (bits[offset + (at >> 6)] >> np.uint64(at & 63)) & 1:
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


@njit(cache=True, nogil=True, inline="always")
def _shift_left_or(dst: np.ndarray, src: np.ndarray, lo: int, hi: int, v: int) -> None:
    """dst |= src << v over src's words lo..hi; bits past dst's end are dropped."""
    words = dst.shape[0]
    q = v >> 6
    r = np.uint64(v & 63)
    back = np.uint64(64) - r
    for i in range(lo, hi + 1):
        word = src[i]
        if word == 0:
            continue
        k = i + q
        if k >= words:
            break
        dst[k] |= word << r
        if r and k + 1 < words:
            dst[k + 1] |= word >> back


@njit(cache=True, nogil=True, inline="always")
def _shift_right_or(dst: np.ndarray, src: np.ndarray, lo: int, hi: int, v: int) -> None:
    """dst |= src >> v over src's words lo..hi; bits below 0 are dropped."""
    q = v >> 6
    r = np.uint64(v & 63)
    back = np.uint64(64) - r
    for i in range(lo, hi + 1):
        word = src[i]
        if word == 0:
            continue
        k = i - q
        if k >= 0:
            dst[k] |= word >> r
        if r and k - 1 >= 0:
            dst[k - 1] |= word << back


@njit(cache=True, nogil=True, inline="always")
def _member_bounds(values: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per member: its smallest and its largest value."""
    n = values.shape[0]
    low = np.empty(n, dtype=np.int64)
    high = np.empty(n, dtype=np.int64)
    for j in range(n):
        low[j] = values[j, 0]
        high[j] = values[j, 0]
        for k in range(1, counts[j]):
            low[j] = min(low[j], values[j, k])
            high[j] = max(high[j], values[j, k])
    return low, high


@njit(cache=True, nogil=True, inline="always")
def _repeats(values: np.ndarray, j: int, k: int) -> bool:
    """Whether member j's value k already came earlier in its row (shifting by it
    again would change nothing)."""
    for e in range(k):  # noqa: SIM110 - numba compiles a loop, not any() over a generator
        if values[j, e] == values[j, k]:
            return True
    return False


@njit(cache=True, nogil=True)
def supported(values: np.ndarray, counts: np.ndarray, target: int) -> np.ndarray:
    """Per member j and value k: can values[j, k] be part of a choice of one value per
    member that sums to `target`? (One column of one printed total; values >= 0.)

    Prefix sums (bits set = sums the members before j can make) meet completion sets
    (bits set = sums from which the members from j on can still reach the target):
    value v of member j is supported iff some prefix sum s has s + v in the completion
    set after j. Bitsets are uint64 words; each is only scanned over the word range its
    bits can lie in.
    """
    n = values.shape[0]
    verdict = np.zeros((n, values.shape[1]), dtype=np.bool_)
    if target < 0:
        return verdict
    words = (target >> 6) + 1
    low_v, high_v = _member_bounds(values, counts)
    # completion[j]: bit s set iff the members j.. can add up to target - s
    completion = np.zeros((n + 1, words), dtype=np.uint64)
    c_lo = np.empty(n + 1, dtype=np.int64)
    c_hi = np.empty(n + 1, dtype=np.int64)
    completion[n, target >> 6] = np.uint64(1) << np.uint64(target & 63)
    c_lo[n] = target
    c_hi[n] = target
    for j in range(n - 1, -1, -1):
        c_lo[j] = max(0, c_lo[j + 1] - high_v[j])
        c_hi[j] = c_hi[j + 1] - low_v[j]
        if c_hi[j + 1] < 0:
            c_hi[j] = -1
        for k in range(counts[j]):
            if not _repeats(values, j, k) and c_hi[j + 1] >= 0:
                _shift_right_or(
                    completion[j],
                    completion[j + 1],
                    c_lo[j + 1] >> 6,
                    c_hi[j + 1] >> 6,
                    values[j, k],
                )
    if c_hi[0] < 0 or c_lo[0] > 0 or not completion[0, 0] & np.uint64(1):
        return verdict  # no choice reaches the target at all
    prefix = np.zeros(words, dtype=np.uint64)
    following = np.zeros(words, dtype=np.uint64)
    prefix[0] = np.uint64(1)
    p_lo = 0
    p_hi = 0
    for j in range(n):
        distinct = 1
        for k in range(1, counts[j]):
            if values[j, k] != values[j, 0]:
                distinct = 2
        for k in range(counts[j]):
            if distinct == 1:
                # every full choice goes through this member's only value
                verdict[j, k] = True
                continue
            v = values[j, k]
            q = v >> 6
            r = np.uint64(v & 63)
            back = np.uint64(64) - r
            nxt = completion[j + 1]
            for i in range(p_lo >> 6, (p_hi >> 6) + 1):
                word = prefix[i]
                if word == 0 or i + q >= words:
                    continue
                shifted = nxt[i + q] >> r
                if r and i + q + 1 < words:
                    shifted |= nxt[i + q + 1] << back
                if word & shifted:
                    verdict[j, k] = True
                    break
        following[:] = 0
        for k in range(counts[j]):
            _shift_left_or(following, prefix, p_lo >> 6, p_hi >> 6, values[j, k])
        prefix, following = following, prefix
        p_lo = min(p_lo + low_v[j], target)
        p_hi = min(p_hi + high_v[j], target)
    return verdict


@njit(cache=True, nogil=True)
def reach_after(
    values: np.ndarray, counts: np.ndarray, target: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For the members of one constraint column in search order: per position j, the
    remainders the members after j can still make up, as (words, offset, low, high).
    [low[j], high[j]] bounds them (high capped at the target); the uint64 words from
    offset[j] on hold the bitset from remainder 64 * (low[j] // 64) on (offset -1: none).
    """
    m = values.shape[0]
    low = np.zeros(m, dtype=np.int64)
    high = np.zeros(m, dtype=np.int64)
    offset = np.full(m, -1, dtype=np.int64)
    low_v, high_v = _member_bounds(values, counts)
    size = 0
    lo_sum = 0
    hi_sum = 0
    for j in range(m - 1, -1, -1):
        low[j] = lo_sum
        high[j] = min(hi_sum, target)
        if low[j] <= high[j]:
            offset[j] = size
            size += (high[j] >> 6) - (low[j] >> 6) + 1
        lo_sum += low_v[j]
        hi_sum += high_v[j]
    out = np.zeros(max(size, 1), dtype=np.uint64)
    words = (target >> 6) + 1
    current = np.zeros(words, dtype=np.uint64)
    following = np.zeros(words, dtype=np.uint64)
    current[0] = np.uint64(1)
    for j in range(m - 1, -1, -1):
        if offset[j] >= 0:
            first = low[j] >> 6
            last = high[j] >> 6
            out[offset[j] : offset[j] + last - first + 1] = current[first : last + 1]
        following[:] = 0
        top = min(high[j], target) >> 6
        for k in range(counts[j]):
            if not _repeats(values, j, k):
                _shift_left_or(following, current, low[j] >> 6, top, values[j, k])
        current, following = following, current
    return out, offset, low, high


def warm() -> None:
    """Compile every kernel now (or load it from the cache): `make setup` calls this, so
    the first build on a machine does not spend seconds compiling."""
    values = np.array([[1, 0, 0], [2, 0, 0]], dtype=np.int64)
    counts = np.array([2, 2], dtype=np.int64)
    supported(values, counts, 2)
    bits, offsets, lows, highs = reach_after(values, counts, 2)
    dom = np.zeros((2, 3, 3), dtype=np.int64)
    first_assignment(
        counts,
        dom,
        np.array([0, 1, 2], dtype=np.int64),
        np.zeros(2, dtype=np.int64),
        np.zeros(2, dtype=np.int64),
        np.ones(2, dtype=np.int64),
        lows,
        highs,
        offsets,
        bits,
        np.zeros(1, dtype=np.int64),
        10,
    )
