"""Funding attribution: which funding-source column each printed figure stood in.

The text keeps a line's funding figures in printed order but drops the empty cells, so a
line printing fewer figures than the layout has funding sources (2 to 6 columns) could
have them in any columns that keep that order. The printed totals (each pillar's total,
its total with reposts and the grand total) state every column,
and a repost carries its original's split. This module finds, for every line:

* the chosen split: among all splits that satisfy every printed total, the first in
  line order where each line takes its most plausible pattern (ranks from a seed) that
  still lets every total reconcile;
* a proof status: ``derived`` when every other split of the line is proven impossible,
  ``inferred`` otherwise (``alternative_found`` when another valid full assignment was
  found, ``unproven`` when the search budget ran out before either proof).

The method is exact, in two stages:

1. Propagation. Each printed total gives, per column, a subset-sum constraint over its
   lines. For each constraint and column, prefix and completion bitsets (uint64 words,
   one bit per thousand yen) decide for every line and pattern whether that column of
   that total can still be met; patterns that cannot are removed, until nothing changes.
   This is sound (it only removes impossible patterns) and costs O(lines x target / 64)
   word operations per constraint column; a column is looked at again only when one of
   its lines lost a pattern.
2. Search. A depth-first search over the lines left with several patterns, pruned at
   every step by the same per-column reachability (a bit test), finds the chosen split
   and, per remaining pattern, either a full valid assignment using it (the line is
   then ``inferred``) or exhausts the space (the pattern is impossible). The search has
   a node budget; what it cannot decide stays ``inferred`` / ``unproven``, never
   ``derived``.

The bitset work and the search loop run as compiled code (`attribution/kernel.py`,
numba); this module decides what to compute, in plain Python. The node budget counts
the same nodes a plain recursive search would visit.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from attribution import kernel

# Columns whose target exceeds this many thousand yen are pruned by bounds, not bitsets.
BITSET_LIMIT = 1 << 24
DEFAULT_NODE_BUDGET = 200_000

Split = tuple[int, ...]  # one amount per funding-source column, in printed order
Pattern = tuple[int, ...]  # column indices the printed figures stand in, left to right


def patterns_for(count: int, columns: int) -> list[Pattern]:
    """Every placement of `count` figures into `columns` columns keeping their order."""
    return list(combinations(range(columns), count))


def split_of(figures: Sequence[int], pattern: Pattern, columns: int) -> Split:
    values = [0] * columns
    for column, figure in zip(pattern, figures, strict=True):
        values[column] = figure
    return tuple(values)


@dataclass(frozen=True)
class Line:
    """A printed line item that is not a repost. `group` is what a typo sets aside with it
    (its pillar); `budget`, when given, is what its figures must add up to."""

    key: Hashable
    figures: tuple[int, ...]
    override: Split | None = None
    group: Hashable = None
    budget: int | None = None
    # the split when the print shows each figure's column (a PDF): nothing to search
    placed: Split | None = None


@dataclass(frozen=True)
class Total:
    """A printed total: the sum over `members` (lines, a repost counted as its original),
    printed in `group` (its pillar)."""

    label: Hashable
    members: tuple[Hashable, ...]
    stated: Split
    group: Hashable = None


@dataclass
class LineResult:
    split: Split | None
    status: str  # printed | derived | inferred | override | infeasible
    proof: str  # printed | override | unique | alternative_found | unproven | infeasible


@dataclass
class _Var:
    key: Hashable
    order: int
    domain: list[Split]  # splits still possible, most plausible first
    candidates: list[Split] = field(default_factory=list)  # every split, before pruning


@dataclass
class _Constraint:
    """One column of one printed total, over the lines still open."""

    label: Hashable
    column: int
    target: int
    vars: list[int]  # var indices, ascending
    coefficient: dict[int, int] = field(default_factory=dict)


class _Problem:
    def __init__(self, variables: list[_Var], constraints: list[_Constraint]) -> None:
        self.vars = variables
        self.constraints = constraints

    def values(self, ci: int, v: int) -> list[int]:
        con = self.constraints[ci]
        return [split[con.column] * con.coefficient[v] for split in self.vars[v].domain]

    def value_table(self, ci: int, members: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The kernel's input for one constraint column: row j holds the values of
        members[j]'s patterns, counts[j] how many there are."""
        width = max((len(self.vars[v].domain) for v in members), default=1)
        table = np.zeros((len(members), width), dtype=np.int64)
        counts = np.zeros(len(members), dtype=np.int64)
        for j, v in enumerate(members):
            values = self.values(ci, v)
            table[j, : len(values)] = values
            counts[j] = len(values)
        return table, counts

    # -- stage 1: propagation ------------------------------------------------------
    def propagate(self) -> bool:
        """Remove patterns no constraint column can accommodate; False if one var is left empty.

        A worklist: a constraint column is looked at again only when a line it sums lost
        a pattern through another column (its own pruning cannot change its own verdicts:
        a pattern's support only uses patterns that are themselves supported).
        """
        containing: dict[int, list[int]] = {}
        for ci, con in enumerate(self.constraints):
            for v in con.vars:
                containing.setdefault(v, []).append(ci)
        # Cheapest first (bitset width = target): narrow columns prune before the wide ones
        # run, so a wide one is rarely run twice. The fixpoint is the same in any order.
        queue = [(con.target, ci) for ci, con in enumerate(self.constraints)]
        heapq.heapify(queue)
        queued = set(range(len(self.constraints)))
        while queue:
            _, ci = heapq.heappop(queue)
            queued.discard(ci)
            if self.constraints[ci].target < 0:
                return False
            for v, flags in self._supported(ci).items():
                if all(flags):
                    continue
                domain = self.vars[v].domain
                self.vars[v].domain = [s for s, ok in zip(domain, flags, strict=True) if ok]
                if not self.vars[v].domain:
                    return False
                for other in containing[v]:
                    if other != ci and other not in queued:
                        heapq.heappush(queue, (self.constraints[other].target, other))
                        queued.add(other)
        return True

    def _supported(self, ci: int) -> dict[int, list[bool]]:
        con = self.constraints[ci]
        order = con.vars
        if con.target < 0:
            return {v: [False] * len(self.vars[v].domain) for v in order}
        if con.target > BITSET_LIMIT:
            return self._supported_by_bounds(ci)
        table, counts = self.value_table(ci, order)
        verdict = kernel.supported(table, counts, con.target)
        return {v: verdict[j, : counts[j]].tolist() for j, v in enumerate(order)}

    def _supported_by_bounds(self, ci: int) -> dict[int, list[bool]]:
        con = self.constraints[ci]
        lows = {v: min(self.values(ci, v)) for v in con.vars}
        highs = {v: max(self.values(ci, v)) for v in con.vars}
        low_all, high_all = sum(lows.values()), sum(highs.values())
        return {
            v: [
                low_all - lows[v] + value <= con.target <= high_all - highs[v] + value
                for value in self.values(ci, v)
            ]
            for v in con.vars
        }


class _Search:
    """Depth-first search over one component's open lines, in a fixed order.

    For every constraint column it precomputes, per position in the order, which
    remainders the lines still to come can reach (a bitset, or a min/max interval for
    very large targets); every step is then a few bit tests, run by the compiled
    kernel in `attribution/kernel.py`.
    """

    def __init__(self, problem: _Problem, order: list[int]) -> None:
        self.problem = problem
        self.order = order
        position = {v: p for p, v in enumerate(order)}
        # per position p, for every constraint the var there is in: (constraint, column,
        # coefficient, bitset offset or -1, low, high) of what the later members can reach
        checks: list[list[tuple[int, int, int, int, int, int]]] = [[] for _ in order]
        chunks, size = [], 0
        for ci, con in enumerate(problem.constraints):
            members = sorted(con.vars, key=position.__getitem__)
            table, counts = problem.value_table(ci, members)
            if 0 <= con.target <= BITSET_LIMIT:
                bits, offsets, lows, highs = kernel.reach_after(table, counts, con.target)
                chunks.append(bits)
                offsets = np.where(offsets >= 0, offsets + size, -1)
                size += len(bits)
            else:
                offsets, lows, highs = _bounds_after(table, counts, con.target)
            for j, v in enumerate(members):
                checks[position[v]].append(
                    (ci, con.column, con.coefficient[v], offsets[j], lows[j], highs[j])
                )
        flat = [check for per_position in checks for check in per_position]
        self.chk_start = np.cumsum([0] + [len(c) for c in checks], dtype=np.int64)
        self.chk_ci = np.array([c[0] for c in flat], dtype=np.int64)
        self.chk_col = np.array([c[1] for c in flat], dtype=np.int64)
        self.chk_coef = np.array([c[2] for c in flat], dtype=np.int64)
        self.chk_bits = np.array([c[3] for c in flat], dtype=np.int64)
        self.chk_lo = np.array([c[4] for c in flat], dtype=np.int64)
        self.chk_hi = np.array([c[5] for c in flat], dtype=np.int64)
        self.bits = np.concatenate(chunks) if chunks else np.zeros(1, dtype=np.uint64)
        self.targets = np.array([con.target for con in problem.constraints], dtype=np.int64)

    def run(self, fixed: dict[int, Split], budget: int) -> tuple[dict[int, Split] | None, bool]:
        """First assignment in this order (domains in plausibility order) honouring `fixed`.

        Returns (assignment or None, exhausted): exhausted means the whole space was
        searched, so None then proves that no assignment exists.
        """
        domains = [[fixed[v]] if v in fixed else self.problem.vars[v].domain for v in self.order]
        width = max(len(d) for d in domains)
        dom = np.zeros((len(domains), width, len(domains[0][0])), dtype=np.int64)
        for p, domain in enumerate(domains):
            dom[p, : len(domain)] = domain
        status, choice = kernel.first_assignment(
            np.array([len(d) for d in domains], dtype=np.int64),
            dom,
            self.chk_start,
            self.chk_ci,
            self.chk_col,
            self.chk_coef,
            self.chk_lo,
            self.chk_hi,
            self.chk_bits,
            self.bits,
            self.targets,
            budget,
        )
        if status == kernel.OUT_OF_BUDGET:
            return None, False
        if status == kernel.EXHAUSTED:
            return None, True
        return {v: domains[p][choice[p]] for p, v in enumerate(self.order)}, True


def _bounds_after(
    table: np.ndarray, counts: np.ndarray, target: int
) -> tuple[list[int], list[int], list[int]]:
    """Interval-only pruning for a column too large for bitsets: (offsets -1, lows, highs)."""
    lows, highs, low, high = [], [], 0, 0
    for j in range(len(counts) - 1, -1, -1):
        lows.append(low)
        highs.append(min(high, target))
        row = table[j, : counts[j]]
        low, high = low + int(row.min()), high + int(row.max())
    return [-1] * len(counts), lows[::-1], highs[::-1]


def attribute(
    lines: Sequence[Line],
    totals: Sequence[Total],
    rank: dict[Pattern, int] | None = None,
    node_budget: int = DEFAULT_NODE_BUDGET,
    *,
    columns: int,
) -> dict[Hashable, LineResult]:
    """Attribute every line's figures to columns so that every total reconciles.

    A printed typo must not cost the whole document: a group (pillar) whose totals
    cannot be met — a line whose figures do not add up to its budget, or no split at all
    that meets the group's totals — is set aside with every total that involves its
    lines, and the rest is attributed without it. The set-aside group's open lines get no
    split (status ``infeasible``); its printed and overridden lines keep theirs.
    """
    rank = rank or {}
    set_aside = {line.group for line in lines if _contradicts_budget(line)}
    while True:
        kept_lines, kept_totals = _without(lines, totals, set_aside)
        results, infeasible = _attribute_all(kept_lines, kept_totals, rank, node_budget, columns)
        if not infeasible:
            break
        set_aside |= _culprits(kept_lines, kept_totals, infeasible, rank, node_budget, columns)
    for line in lines:
        if line.group in set_aside:
            fixed = None if _contradicts_budget(line) else _fixed_result(line, columns)
            results[line.key] = fixed or LineResult(None, "infeasible", "infeasible")
    return results


def _fixed_result(line: Line, columns: int) -> LineResult | None:
    """A line whose split needs no search: overridden, or printing one figure per column."""
    if line.override is not None:
        return LineResult(line.override, "override", "override")
    if line.placed is not None:
        return LineResult(line.placed, "printed", "printed")
    candidates = patterns_for(len(line.figures), columns)
    if len(candidates) == 1:
        return LineResult(split_of(line.figures, candidates[0], columns), "printed", "printed")
    return None


def _contradicts_budget(line: Line) -> bool:
    return line.override is None and line.budget is not None and sum(line.figures) != line.budget


def _without(
    lines: Sequence[Line], totals: Sequence[Total], groups: set[Hashable]
) -> tuple[list[Line], list[Total]]:
    """The lines outside `groups`, and the totals that neither belong to one of them nor
    sum a line of one of them."""
    kept = [line for line in lines if line.group not in groups]
    keys = {line.key for line in kept}
    every = {line.key for line in lines}
    return kept, [
        total
        for total in totals
        if total.group not in groups
        and all(member in keys or member not in every for member in total.members)
    ]


def _culprits(
    lines: list[Line],
    totals: list[Total],
    infeasible: list[set[Hashable]],
    rank: dict[Pattern, int],
    node_budget: int,
    columns: int,
) -> set[Hashable]:
    """For each set of pillars that no split satisfies, the pillar to set aside: the first,
    in printed order, whose own totals are all that cannot be met; else the first whose
    totals and lines together are; else all of them."""
    culprits: set[Hashable] = set()
    order = list(dict.fromkeys([line.group for line in lines] + [t.group for t in totals]))
    for groups in infeasible:
        candidates = [group for group in order if group in groups]
        component = [line for line in lines if line.group in groups]
        keys = {line.key for line in component}
        # only the totals over these lines: another component's totals have no line here
        # and would look unmeetable
        own = [total for total in totals if set(total.members) <= keys]
        tries = [
            (group, component, [total for total in own if total.group != group])
            for group in candidates
        ] + [(group, *_without(component, own, {group})) for group in candidates]
        for group, kept_lines, kept_totals in tries:
            _, still = _attribute_all(
                kept_lines, kept_totals, rank, node_budget, columns, prove=False
            )
            if not still:
                culprits.add(group)
                break
        else:
            culprits |= groups
    return culprits


def _attribute_all(
    lines: Sequence[Line],
    totals: Sequence[Total],
    rank: dict[Pattern, int],
    node_budget: int,
    columns: int,
    prove: bool = True,
) -> tuple[dict[Hashable, LineResult], list[set[Hashable]]]:
    """Every line attributed; the groups of each component no split satisfies."""
    results: dict[Hashable, LineResult] = {}
    fixed: dict[Hashable, Split] = {}
    variables: list[_Var] = []
    index: dict[Hashable, int] = {}
    group_of: dict[Hashable, Hashable] = {}
    # what a line adds to a total over all columns: the same whichever columns it takes
    line_sum: dict[Hashable, int] = {}
    for order, line in enumerate(lines):
        group_of[line.key] = line.group
        line_sum[line.key] = sum(line.override) if line.override else sum(line.figures)
        known = _fixed_result(line, columns)
        if known is not None and known.split is not None:
            fixed[line.key] = known.split
            results[line.key] = known
            continue
        candidates = patterns_for(len(line.figures), columns)
        candidates.sort(key=lambda pattern: (rank.get(pattern, len(rank) + 1), pattern))
        index[line.key] = len(variables)
        splits = [split_of(line.figures, p, columns) for p in candidates]
        variables.append(_Var(line.key, order, list(splits), splits))

    constraints: list[_Constraint] = []
    infeasible: list[set[Hashable]] = []
    for total in totals:
        counts: dict[int, int] = {}
        constant = [0] * columns
        for member in total.members:
            if member in index:
                counts[index[member]] = counts.get(index[member], 0) + 1
            elif member in fixed:
                for c in range(columns):
                    constant[c] += fixed[member][c]
        targets = [total.stated[column] - constant[column] for column in range(columns)]
        known = all(member in line_sum for member in total.members)
        across = sum(line_sum.get(member, 0) for member in total.members)
        if (not counts and any(targets)) or (known and across != sum(total.stated)):
            # fixed lines alone (printed, overridden) already miss this total, or the
            # lines' figures add up to another sum than its columns: no split can meet it
            infeasible.append({total.group, *(group_of.get(m) for m in total.members)})
            continue
        for column in range(columns):
            constraints.append(
                _Constraint(
                    label=total.label,
                    column=column,
                    target=targets[column],
                    vars=sorted(counts),
                    coefficient=dict(counts),
                )
            )

    problem = _Problem(variables, constraints)
    group_of_label = {total.label: total.group for total in totals}
    for component in _components(problem):
        solved = _solve_component(problem, component, node_budget, results, prove)
        if solved is None and not prove:
            # a feasibility check that could not find a split proves nothing either way
            infeasible.append({group_of[problem.vars[v].key] for v in component})
        elif solved is False:
            members = set(component)
            infeasible.append(
                {group_of[problem.vars[v].key] for v in component}
                | {
                    group_of_label[con.label]
                    for con in problem.constraints
                    if members.intersection(con.vars)
                }
            )
    return results, infeasible


def _components(problem: _Problem) -> list[list[int]]:
    """Lines linked through a printed total they share are solved together."""
    parent = list(range(len(problem.vars)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for con in problem.constraints:
        for a, b in zip(con.vars, con.vars[1:], strict=False):
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for v in range(len(problem.vars)):
        groups.setdefault(find(v), []).append(v)
    return sorted(groups.values(), key=lambda g: problem.vars[g[0]].order)


def _fresh(variables: Iterable[_Var]) -> list[_Var]:
    return [_Var(var.key, var.order, list(var.candidates), var.candidates) for var in variables]


def _line_order(problem: _Problem) -> list[int]:
    return sorted(range(len(problem.vars)), key=lambda v: problem.vars[v].order)


def _solve_component(
    problem: _Problem,
    component: list[int],
    node_budget: int,
    results: dict[Hashable, LineResult],
    prove: bool = True,
) -> bool | None:
    """Attribute one component's lines into `results`: True when done, False when no
    split satisfies its totals (proven by exhausting the space), None when the search
    budget ran out before a first split was found (its lines stay unresolved). Without
    `prove`, only the chosen split is found."""
    local = {v: i for i, v in enumerate(component)}
    constraints = [
        _Constraint(
            con.label,
            con.column,
            con.target,
            [local[v] for v in con.vars],
            {local[v]: k for v, k in con.coefficient.items()},
        )
        for con in problem.constraints
        if con.vars and con.vars[0] in local
    ]
    variables = [problem.vars[v] for v in component]
    sub = _Problem(_fresh(variables), constraints)
    chosen, exhausted = None, True
    if sub.propagate():
        chosen, exhausted = _Search(sub, _line_order(sub)).run({}, node_budget)
    if chosen is None and exhausted:
        return False
    # Proofs search the biggest figures first, where the totals cut the space soonest.
    biggest_first = _Search(
        sub, sorted(range(len(sub.vars)), key=lambda v: -max(map(max, sub.vars[v].domain)))
    )
    if chosen is None:
        # The line-order search ran out of budget (a very large pillar): take the first
        # solution in biggest-first order instead, still deterministic.
        chosen, exhausted = biggest_first.run({}, node_budget)
        if chosen is None and exhausted:
            return False
        if chosen is None:
            for var in sub.vars:
                results[var.key] = LineResult(None, "unresolved", "unproven")
            return None
    if not prove:
        for v, var in enumerate(sub.vars):
            results[var.key] = LineResult(chosen[v], "inferred", "unproven")
        return True
    seen: dict[int, set[Split]] = {v: {split} for v, split in chosen.items()}
    undecided: dict[int, bool] = {v: False for v in chosen}
    for v in range(len(sub.vars)):
        for split in sub.vars[v].domain:
            if len(seen[v]) > 1:
                break  # one alternative is enough: the line is inferred
            if split in seen[v]:
                continue
            found, done = biggest_first.run({v: split}, node_budget)
            if found is not None:
                for w, other in found.items():
                    seen[w].add(other)
            elif not done:
                undecided[v] = True
    for v, var in enumerate(sub.vars):
        if len(seen[v]) > 1:
            status, proof = "inferred", "alternative_found"
        elif undecided[v]:
            status, proof = "inferred", "unproven"
        else:
            status, proof = "derived", "unique"
        results[var.key] = LineResult(chosen[v], status, proof)
    return True


def ranks_from_rows(rows: Iterable[tuple[str, int]], sources: Sequence[str]) -> dict[Pattern, int]:
    """Plausibility ranks from seed rows (pattern as 'national+general', rank), for a
    layout whose funding-source columns are `sources`: a pattern naming a column the
    layout does not have does not apply to it."""
    index = {name: i for i, name in enumerate(sources)}
    return {
        tuple(index[part] for part in pattern.split("+")): rank
        for pattern, rank in rows
        if all(part in index for part in pattern.split("+"))
    }
