"""A document layout, declared once in `layouts/<name>.yml`, read into typed form.

The YAML says how a family of documents prints what the loader needs: the title that names
the fiscal year, the column header repeated on each page, the columns with their roles and
cell grammar, the total lines and what each sums, the group labels, the era years. Pure:
text in, a frozen Layout out; the files are read at the edge (`load_layout`,
`choose_layout`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import DocumentError, one_line

LAYOUTS_DIR = Path(__file__).resolve().parents[1] / "layouts"
DEFAULT_LAYOUT = "aomori_chusho_shisaku"
TOTAL_SUMS = frozenset({"pillar", "pillar_reposts", "document"})


class Role(StrEnum):
    """A column's role: what its cells hold and how a printed table aligns them (the PDF
    reader cuts columns and rows by it). A member equals its name as a string."""

    PILLAR = "pillar"
    NAME = "name"
    FLAG = "flag"
    AMOUNT = "amount"
    FUNDING_SOURCE = "funding_source"
    PERIOD = "period"
    FOUNDATION = "foundation"
    DIVISION = "division"
    PREVIOUS = "previous"
    CHANGE = "change"
    OUTSIDE = "outside"

    @property
    def alignment(self) -> str:
        """left (text), centre (marks, periods) or right (figures)."""
        if self in FIGURE_ROLES:
            return "right"
        if self in (Role.FLAG, Role.PERIOD, Role.FOUNDATION):
            return "centre"
        return "left"

    @property
    def fills_column(self) -> bool:
        """Its content reaches the column's right edge: text that wraps there, or figures
        set flush right (a centred mark or period stands clear of both edges)."""
        return self.alignment != "centre"

    @property
    def wraps(self) -> bool:
        """A cell of several lines: a row's text (its name, its divisions)."""
        return self in (Role.NAME, Role.DIVISION)


ROLES = frozenset(Role)
# roles whose cells are figures (thousand yen): the budget, the funding sources, and what
# a budget book prints beside them (the previous year's budget, the change from it)
FIGURE_ROLES = frozenset({Role.AMOUNT, Role.FUNDING_SOURCE, Role.PREVIOUS, Role.CHANGE})
# the roles every layout prints; the others (pillar, flag, period, foundation, division,
# previous, change) only where a table has them
REQUIRED_ROLES = ("name", "amount", "funding_source")
# the roles of one column at most (flags and funding sources come several to a table)
SINGLE_ROLES = (
    "pillar",
    "name",
    "amount",
    "period",
    "foundation",
    "division",
    "previous",
    "change",
)
PERIOD_KINDS = frozenset({"era", "gregorian"})
DASHES = "-－‐−~～"
# a pattern that matches no text (in Python's and in RE2's terms)
NOTHING = r"[^\s\S]"
# the longest line a name cell prints, unless a layout says otherwise (name_line_max_chars)
NAME_LINE_MAX_CHARS = 200


class LayoutError(ValueError):
    """A layout file that cannot be used; str() names the file and what is wrong."""


@dataclass(frozen=True)
class EraYear:
    letter: str
    name: str
    offset: int


@dataclass(frozen=True)
class Column:
    name: str
    role: Role
    header: tuple[str, ...]


def _role(name: str) -> Role:
    """The role of that name; an unknown name is kept as given, for parse_layout to refuse
    with the list of roles."""
    return Role(name) if name in Role._value2member_map_ else name  # type: ignore[return-value]


@dataclass(frozen=True)
class Cell:
    """One cell of a table row as printed: its role, its column when the print says which
    (the text loses the column of a flag or funding figure unless every column of the role
    is filled), its position among the row's cells of that role, its printed text and the
    line it is printed on. What the text means (an amount, a period's years, a flag) is
    read in dbt staging, with the layout's grammar landed beside it (`cell_grammar`)."""

    role: str
    column: str | None
    position: int
    text: str
    line_no: int


@dataclass(frozen=True)
class GroupLevel:
    """A level of the groups a table's lines sit in (款, 項): the pattern of its heading
    line, with the groups (?P<number>…), (?P<name>…) and optionally (?P<amount>…), the
    group's budget printed in the heading (a checked total of its lines)."""

    level: str
    heading: re.Pattern[str]


@dataclass(frozen=True)
class TotalLine:
    """A total line: its label, the row kind it lands as, what it sums, and the whole
    printed line (label, then `total_figures` amounts as the group `cells`)."""

    kind: str
    sums: str
    line: re.Pattern[str]
    # the label alone (a PDF prints the figures in their own columns)
    label_only: re.Pattern[str]


@dataclass(frozen=True)
class Layout:
    name: str
    issuer: str
    title: re.Pattern[str]
    title_preferred_word: str
    title_describes: str
    era_years: tuple[EraYear, ...]
    funding_header: re.Pattern[str]
    header_block_first: re.Pattern[str]
    # the lines the header block may start with, as declared (said in errors)
    header_block_first_lines: tuple[str, ...]
    header_block_last: re.Pattern[str]
    header_block_last_word: str
    header_block_max_lines: int
    totals: tuple[TotalLine, ...]
    # a line starting with any total's label (whether or not its figures parse)
    total_label: re.Pattern[str]
    total_figures: int
    group_labels: tuple[str, ...]
    columns: tuple[Column, ...]
    # a line item's cells line: the name (or nothing), the cells, the division
    cell_line: re.Pattern[str]
    # something with the look of cells (a lone flag mark, a grouped amount, a period range)
    looks_like_cells: re.Pattern[str]
    # a printed amount: the declared digit grammar (`amount_grammar`), after one of the
    # `negative_marks` when the layout prints negatives (△1,234)
    amount: re.Pattern[str]
    amount_grammar: str
    negative_marks: str
    period: re.Pattern[str]
    period_kind: str
    foundation_marks: dict[str, str]
    flag_marks: str
    regional_office_suffix: str
    repost_marker: re.Pattern[str]
    # the longest line a name cell can print, in characters: a longer line is a stray
    # line (glued to a name it would be published), an error naming the line
    name_line_max_chars: int = NAME_LINE_MAX_CHARS
    # an item number printed at the start of a name cell (目 1, 2, …), when the table
    # numbers its lines: landed as its own cell
    item_number: re.Pattern[str] | None = None
    # the units printed under the column headers (千円): part of the header
    units: tuple[str, ...] = ()
    # every page of the table repeats the column header; when not, a page without it is
    # outside the table (a book's cover, 条文, other tables) and lands as furniture
    header_on_every_page: bool = True
    # the issuer as printed on its own line outside the table (a book's cover), when the
    # title does not name it: (?P<issuer>…) of the first line it matches, spaces removed
    issuer_pattern: re.Pattern[str] | None = None
    # the groups a budget book's lines sit in, outermost first (款 > 項), and the level of
    # the lines themselves (目); none in a 施策一覧 (its pillars are read by their marks)
    groups: tuple[GroupLevel, ...] = ()
    line_level: str = ""
    # a row's figures stand on the first line of its name (a budget book), not centred
    # beside a name that wraps (a 施策一覧): which row a wrapped line belongs to
    figures_on_first_line: bool = False

    def role_columns(self, role: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.role == role)

    @property
    def funding_sources(self) -> tuple[str, ...]:
        return self.role_columns("funding_source")

    @property
    def flags(self) -> tuple[str, ...]:
        return self.role_columns("flag")

    def fiscal_year(self, era_name: str, year_text: str) -> int:
        """令和 + ４ -> 2022; 元 (the first year) counts as 1."""
        year = 1 if year_text == "元" else int(unicodedata.normalize("NFKC", year_text))
        offsets = {era.name: era.offset for era in self.era_years}
        return offsets[era_name] + year

    def total_kinds(self, sums: str) -> tuple[str, ...]:
        return tuple(total.kind for total in self.totals if total.sums == sums)


def _words_line(words: list[str]) -> re.Pattern[str]:
    """A line holding exactly these words, separated by white space."""
    return re.compile(r"^\s*" + r"\s+".join(re.escape(w) for w in words) + r"\s*$")


def _one_of_lines(lines: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"^\s*(?:"
        + "|".join(r"\s+".join(map(re.escape, line.split())) for line in lines)
        + r")\s*$"
    )


def parse_layout(text: str, source: str) -> Layout:
    """A layout from its YAML text; `source` names the file in errors."""
    try:
        data: dict[str, Any] = yaml.safe_load(text)
        header = data["column_header"]
        columns = tuple(
            Column(str(c["name"]), _role(str(c["role"])), tuple(str(w) for w in c["header"]))
            for c in data["columns"]
        )
        values = data["cell_values"]
        amount_grammar = str(values["amount"])
        negative_marks = "".join(str(m) for m in values.get("negative_marks") or ())
        amount = (
            rf"(?:[{re.escape(negative_marks)}])?(?:{amount_grammar})"
            if negative_marks
            else amount_grammar
        )
        figures = sum(c.role in ("amount", "funding_source") for c in columns)
        cells = rf"(?P<cells>{amount}(?:\s+{amount}){{{figures - 1}}})"
        has_period = any(c.role == "period" for c in columns)
        # a table without a period column need not say how periods print
        period_kind = str(values["period"] if has_period else values.get("period") or "era")
        eras = tuple(
            EraYear(str(e["letter"]), str(e["name"]), int(e["offset"]))
            for e in data.get("era_years") or ()
        )
        # without a period column no cell is a period (a pattern matching nothing, in
        # RE2's terms too)
        period = _period_pattern(period_kind, eras) if has_period else NOTHING
        period_part = rf"\s+(?P<period>{period})" if has_period else r"(?P<period>)"
        flag_marks = "".join(str(m) for m in values.get("flag_marks") or ())
        foundation_marks = {
            str(k): str(v) for k, v in (values.get("foundation_marks") or {}).items()
        }
        n_flags = sum(c.role == "flag" for c in columns)
        n_sources = sum(c.role == "funding_source" for c in columns)
        flag_part = rf"(?:[{flag_marks}]\s+){{0,{n_flags}}}" if n_flags else ""
        foundation_part = (
            rf"(?:\s+[{''.join(foundation_marks)}])?"
            if any(c.role == "foundation" for c in columns)
            else ""
        )
        cell_line = re.compile(
            rf"^(?P<name>.*?)\s*"
            rf"(?P<cells>(?P<flags>{flag_part})(?P<amounts>{amount}(?:\s+{amount}){{0,{n_sources}}})"
            rf"{period_part}{foundation_part})"
            rf"(?:\s+(?P<division>\S.*?))?\s*$"
        )
        grouped = r"[0-9０-９]{1,3}[,，][0-9０-９]{3}"
        looks = [grouped]
        if has_period:
            looks.append(rf"(?:^|\s){period}\s?[{DASHES}]")
        if flag_marks:
            looks.append(rf"(?:^|\s)[{flag_marks}](?:\s|$)")
        totals = tuple(
            TotalLine(
                str(t["kind"]),
                str(t["sums"]),
                re.compile(rf"^\s*{t['label']}\s+{cells}\s*$"),
                re.compile(rf"^\s*(?:{t['label']})\s*$"),
            )
            for t in data["totals"]
        )
        last_word = str(header["block_last"])
        layout = Layout(
            name=str(data["name"]),
            issuer=str(data.get("issuer") or ""),
            title=re.compile(data["title"]["pattern"]),
            title_preferred_word=str(data["title"]["preferred_word"]),
            title_describes=str(data["title"]["describes"]),
            era_years=eras,
            funding_header=_words_line([str(w) for w in header["funding_line"]]),
            header_block_first=_one_of_lines([str(w) for w in header["block_first"]]),
            header_block_first_lines=tuple(str(w) for w in header["block_first"]),
            header_block_last=_one_of_lines([last_word]),
            header_block_last_word=last_word,
            header_block_max_lines=int(header["block_max_lines"]),
            totals=totals,
            total_label=re.compile(
                r"^\s*(?:" + "|".join(str(t["label"]) for t in data["totals"]) + ")"
            ),
            total_figures=figures,
            group_labels=tuple(str(label) for label in data.get("group_labels") or ()),
            columns=columns,
            cell_line=cell_line,
            looks_like_cells=re.compile("|".join(looks)),
            amount=re.compile(amount),
            amount_grammar=amount_grammar,
            negative_marks=negative_marks,
            period=re.compile(period),
            period_kind=period_kind,
            foundation_marks=foundation_marks,
            flag_marks=flag_marks,
            regional_office_suffix=str(values.get("regional_office_suffix") or ""),
            # a table that reposts no line need not declare a marker (one matching nothing)
            repost_marker=re.compile(rf"\s*(?:{data.get('repost_marker') or NOTHING})\s*$"),
            name_line_max_chars=int(data.get("name_line_max_chars") or NAME_LINE_MAX_CHARS),
            item_number=(
                re.compile(rf"\s*(?P<number>{values['item_number']})(?:\s+|$)")
                if "item_number" in values
                else None
            ),
            units=tuple(str(u) for u in values.get("units") or ()),
            header_on_every_page=bool(header.get("on_every_page", True)),
            issuer_pattern=(
                re.compile(str(data["title"]["issuer_pattern"]))
                if "issuer_pattern" in data["title"]
                else None
            ),
            groups=tuple(
                GroupLevel(str(g["level"]), re.compile(str(g["heading"])))
                for g in data.get("groups") or ()
            ),
            line_level=str(data.get("line_level") or ""),
            figures_on_first_line=bool(data.get("figures_on_first_line", False)),
        )
    except (KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise LayoutError(f"{source}: not a usable layout: {_why(exc)}") from None
    roles = {c.role for c in layout.columns}
    if roles - ROLES:
        raise LayoutError(
            f"{source}: column roles are {sorted(r.value for r in ROLES)}, "
            f"not {sorted(roles - ROLES)}"
        )
    for needed in REQUIRED_ROLES:
        if needed not in roles:
            raise LayoutError(f"{source}: no column has the role {needed}")
    for single in SINGLE_ROLES:
        if len(layout.role_columns(single)) > 1:
            raise LayoutError(
                f"{source}: only one column may have the role {single}, not "
                f"{', '.join(layout.role_columns(single))}"
            )
    if not 1 <= len(layout.funding_sources) <= 6:
        raise LayoutError(
            f"{source}: 1 to 6 funding_source columns, not {len(layout.funding_sources)}"
        )
    if layout.period_kind not in PERIOD_KINDS:
        raise LayoutError(
            f"{source}: cell_values.period is one of {sorted(PERIOD_KINDS)}, "
            f"not {layout.period_kind!r}"
        )
    for mark in layout.negative_marks:
        if mark in layout.flag_marks or mark in layout.foundation_marks or mark.isalnum():
            raise LayoutError(
                f"{source}: the negative mark {mark!r} is also a flag or foundation mark, "
                "or a letter or digit: a cell could not be read one way"
            )
    levels = [g.level for g in layout.groups]
    if len(set(levels)) != len(levels) or set(levels) & TOTAL_SUMS:
        raise LayoutError(f"{source}: group levels are distinct and not {sorted(TOTAL_SUMS)}")
    for group in layout.groups:
        if not {"number", "name"} <= set(group.heading.groupindex):
            raise LayoutError(
                f"{source}: the heading pattern of group level {group.level} needs the groups "
                "(?P<number>…) and (?P<name>…)"
            )
    unknown = {t.sums for t in layout.totals} - TOTAL_SUMS - set(levels)
    if unknown:
        raise LayoutError(
            f"{source}: totals may sum {sorted(TOTAL_SUMS | set(levels))}, not {sorted(unknown)}"
        )
    if not layout.issuer and layout.issuer_pattern is None:
        raise LayoutError(f"{source}: an issuer, or title.issuer_pattern to read it from the print")
    if layout.issuer_pattern is not None and "issuer" not in layout.issuer_pattern.groupindex:
        raise LayoutError(f"{source}: title.issuer_pattern needs the group (?P<issuer>…)")
    if not {"era", "year"} <= set(layout.title.groupindex):
        raise LayoutError(
            f"{source}: the title pattern needs the groups (?P<era>…) and (?P<year>…)"
        )
    return layout


def _why(exc: Exception) -> str:
    """What is wrong with a layout file, in one line: where YAML stopped reading it, the key
    it lacks, or the error's first line."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"YAML at line {mark.line + 1}, column {mark.column + 1}: {exc.problem}"
    if isinstance(exc, KeyError):
        return f"it lacks the key {exc.args[0]!r}"
    return one_line(exc)


def _period_pattern(kind: str, eras: tuple[EraYear, ...]) -> str:
    """A printed period: a start year, then optionally a dash and an end year (or none:
    open-ended)."""
    if kind == "gregorian":
        year = r"[0-9０-９]{4}"
    else:
        letters = "".join(e.letter + chr(ord(e.letter) + 0xFEE0) for e in eras)
        year = rf"[{letters}]\s?[0-9０-９]{{1,2}}"
    return rf"{year}(?:\s?[{DASHES}]\s?(?:{year})?)?"


@cache
def load_layout(name: str = DEFAULT_LAYOUT) -> Layout:
    path = LAYOUTS_DIR / f"{name}.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutError(f"{path}: {exc.strerror}") from None
    return parse_layout(text, str(path))


def all_layouts() -> tuple[Layout, ...]:
    return tuple(load_layout(path.stem) for path in sorted(LAYOUTS_DIR.glob("*.yml")))


def choose_layout(lines: list[str], file_name: str) -> Layout:
    """The layout whose funding-source header line the document prints (the one line of
    header words every page repeats); the default layout when none does (a document
    without a header still gets its clear error from the segmenter)."""
    found = [
        layout
        for layout in all_layouts()
        if any(layout.funding_header.match(line) for line in lines)
    ]
    if len(found) > 1:
        names = ", ".join(layout.name for layout in found)
        raise DocumentError(file_name, None, f"its column header fits several layouts: {names}")
    return found[0] if found else load_layout()
