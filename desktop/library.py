"""The indicator library (指标库): indicators to pick from, searched by any word or by pinyin
initials, placed into any family's 一级/二级, and suggested for a project by how close the
projects they came from are to it.

The built-in entries are data (``resources/library/*.json``: the seed documents and common
indicator kinds, each entry with its source). The clerk's own history is a ``ProfileStore``: every
indicator of a document opened or saved, with the project it came from, in one JSON file of the
profile; nothing leaves the machine. Families name the same kind of indicator differently
(产出数量 ↔ 数量指标): ``resources/library/kinds.json`` declares the words of each kind, and an
entry is placed into a table by its kind, never by a family id.

Free of Qt. Nothing is read until the first call (``builtin()``), so the editor starts as fast as
before; a search over 20,000 entries takes a few milliseconds (``tests/bench.py``).
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.atomic import write_atomic
from desktop.families import Family, Owner, TableDef
from desktop.model import Document, Part
from desktop.resources import resource
from desktop.values import parse_target

PROFILE_FORMAT = "jxmb-profile-library"
PROFILE_FILE = "library.json"
GOAL_ROLES = ("goal", "period_goal")


# ---------------------------------------------------------------- kinds across families

@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of indicator and the words families use for it."""

    id: str
    label: str
    group: str
    level1: tuple[str, ...]
    level2: tuple[str, ...]


@dataclass(frozen=True)
class Kinds:
    kinds: tuple[Kind, ...]
    groups: dict[str, str]          # group id → its name (产出, 效益, 满意度…)

    def of(self, level1: str, level2: str) -> Kind | None:
        """The kind of an indicator from its own words: its 二级 first (满意度 may sit under 效益)."""
        for kind in self.kinds:
            if level2 and level2 in kind.level2 and (not level1 or level1 in kind.level1):
                return kind
        for kind in self.kinds:
            if level2 and level2 in kind.level2:
                return kind
        if not level2:              # a table without 二级: a 一级 that names a kind (成本指标)
            for kind in self.kinds:
                if level1 in kind.level2:
                    return kind
        return None

    def by_id(self, kind_id: str) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)


@cache
def kinds() -> Kinds:
    raw = json.loads(resource("library", "kinds.json").read_text(encoding="utf-8"))
    return Kinds(tuple(Kind(key, k["label"], k["group"], tuple(k["level1"]), tuple(k["level2"]))
                       for key, k in raw["kinds"].items()), dict(raw["groups"]))


def place(vocabulary: dict[str, tuple[str, ...]] | dict[str, Any], level1: str, level2: str,
          kind: Kind | None, has_level2: bool = True) -> tuple[str, str]:
    """The 一级 and 二级 an indicator takes in a table with ``vocabulary``: its own words if the
    table knows them, else the table's words for its kind, else its own words unchanged."""
    if not vocabulary:
        return level1, level2 if has_level2 else ""
    if not has_level2:                  # a table of 一级 only: the 一级 that names the kind (成本指标) first
        if level2 in vocabulary:
            return level2, ""
        if kind is not None:
            named = next((name1 for name1 in vocabulary if name1 in kind.level2), None)
            if named is not None:
                return named, ""
    if level1 in vocabulary and (not has_level2 or level2 in vocabulary[level1]):
        return level1, level2 if has_level2 else ""
    if kind is not None:
        for name1, names2 in vocabulary.items():
            if name1 in kind.level1:
                if not has_level2:
                    return name1, ""
                for name2 in names2:
                    if name2 in kind.level2:
                        return name1, name2
        for name1, names2 in vocabulary.items():
            for name2 in names2:
                if name2 in kind.level2:
                    return name1, name2 if has_level2 else ""
    return level1, level2 if has_level2 else ""


# ---------------------------------------------------------------- entries

@dataclass(frozen=True, slots=True)
class Origin:
    """The project (or department table) an entry came from, and where that was."""

    key: str
    name: str
    use: str = ""
    goal: str = ""
    sectors: tuple[str, ...] = ()
    source: str = ""            # where it came from, in words (a seed document, a file, 通用指标)
    stored: bool = False        # from the clerk's own documents (the profile), removable


@dataclass(frozen=True, slots=True)
class Entry:
    level1: str
    level2: str
    level3: str
    target: str
    origin: Origin
    description: str = ""
    basis: str = ""

    @property
    def kind(self) -> Kind | None:
        return _kind_of(self.level1, self.level2)

    @property
    def unit(self) -> str:
        return parse_target(self.target).unit

    @property
    def source(self) -> str:
        return self.origin.source

    def key(self) -> tuple[str, str, str]:
        return self.origin.key, self.level3, self.target


@cache
def _kind_of(level1: str, level2: str) -> Kind | None:
    return kinds().of(level1, level2)


def _read_entries(raw: dict[str, Any], stored: bool = False) -> list[Entry]:
    sources = {key: s.get("label", key) for key, s in (raw.get("sources") or {}).items()}
    origins = {}
    for key, p in (raw.get("projects") or {}).items():
        origins[key] = Origin(key, p.get("name", ""), p.get("use", ""), p.get("goal", ""),
                              tuple(p.get("sectors") or ()), sources.get(p.get("source", ""), p.get("source", "")),
                              stored)
    entries = []
    for e in raw.get("entries") or ():
        origin = origins.get(e.get("project", "")) or Origin(e.get("project", ""), "", stored=stored)
        entries.append(Entry(e.get("l1", ""), e.get("l2", ""), e.get("l3", ""), e.get("value", ""), origin,
                             e.get("desc", ""), e.get("basis", "")))
    return entries


@cache
def builtin_entries() -> tuple[Entry, ...]:
    """The library shipped with the editor: every ``resources/library/*.json`` but the kinds."""
    entries: list[Entry] = []
    for path in sorted(resource("library").glob("*.json")):
        if path.name == "kinds.json":
            continue
        entries += _read_entries(json.loads(path.read_text(encoding="utf-8")))
    return tuple(entries)


# ---------------------------------------------------------------- pinyin

_HAN = re.compile(r"[\u3400-\u9fff]")


@cache
def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """Translation tables: each Chinese character → its pinyin initial, and → its full pinyin
    without tones (by its most common reading, pypinyin's first); other letters and digits are
    kept, everything else becomes a space. Read on first use: the start stays fast."""
    from pypinyin.pinyin_dict import pinyin_dict

    initials: dict[int, str] = {}
    full: dict[int, str] = {}
    for code, readings in pinyin_dict.items():
        first = readings.split(",")[0]
        plain = "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c))
        plain = plain.replace("ü", "v").lower()
        if plain.isascii() and plain.isalpha():
            initials[code] = plain[0]
            full[code] = plain
    for code in range(0x20, 0x3000):
        char = chr(code)
        if not (char.isascii() and char.isalnum()):
            initials.setdefault(code, " ")
            full.setdefault(code, " ")
    for char in "，。；：、（）《》“”‘’！？【】—…　":
        initials[ord(char)] = full[ord(char)] = " "
    return initials, full


def pinyin(text: str) -> tuple[str, str]:
    """(initials, full pinyin) of ``text``, lower case, punctuation as spaces
    (``满意度`` → ``myd``, ``manyidu``). Each character by its most common reading."""
    initials, full = _tables()
    return text.translate(initials).lower(), text.translate(full).lower()


# ---------------------------------------------------------------- search and suggestions

_ASCII_WORD = re.compile(r"[a-z]+")
_SEPARATOR = "\n"


def _bigrams(text: str) -> frozenset[str]:
    han = "".join(c for c in text if _HAN.match(c) or c.isalnum())
    return frozenset(han[i:i + 2] for i in range(len(han) - 1))


@dataclass
class _Index:
    """Every entry's searched text (and its pinyin) in one string each, entries apart by a line
    break: a word is found by ``str.find`` over the whole library, not entry by entry."""

    text: str
    initials: str
    full: str
    starts: list[int]           # where each entry begins in ``text`` and ``initials`` (one letter a character)
    full_starts: list[int]      # and in ``full``
    level3: list[str]
    level3_initials: list[str]

    def hits(self, blob: str, term: str, starts: list[int]) -> set[int]:
        found: set[int] = set()
        at = blob.find(term)
        while at != -1:
            k = bisect.bisect_right(starts, at) - 1
            found.add(k)
            at = blob.find(term, starts[k + 1]) if k + 1 < len(starts) else -1
        return found


def _starts(parts: list[str]) -> list[int]:
    """Where each part begins once they are joined by the separator."""
    starts, at = [], 0
    for part in parts:
        starts.append(at)
        at += len(part) + 1
    return starts


def _search_text(e: Entry) -> str:
    words = f"{e.level3} {e.level1} {e.level2} {e.target} {e.description} {e.origin.name} {' '.join(e.origin.sectors)}"
    return words.replace(_SEPARATOR, " ").lower()


class Library:
    """Entries and the index that finds them; the index is built on the first search."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self._built: _Index | None = None

    def _index(self) -> _Index:
        if self._built is None:
            texts = [_search_text(e) for e in self.entries]
            text = _SEPARATOR.join(texts)
            initials, full = pinyin(text)
            level3 = [e.level3.lower().replace(_SEPARATOR, " ") for e in self.entries]
            level3_initials = pinyin(_SEPARATOR.join(level3))[0].split(_SEPARATOR) if level3 else []
            self._built = _Index(text, initials, full, _starts(texts), _starts(full.split(_SEPARATOR)),
                                 level3, level3_initials)
        return self._built

    def search(self, query: str, placed: Callable[[Entry], bool] | None = None, limit: int = 200) -> list[Entry]:
        """Entries holding every word of ``query`` (a word of letters also matches pinyin
        initials or full pinyin: ``myd`` finds 满意度), those named by it first; ``placed``
        keeps only entries it accepts (the 一级/二级 filter)."""
        index = self._index()
        terms = query.lower().split()
        entries = self.entries
        if not terms:
            found = (e for e in entries if placed is None or placed(e))
            return [e for _, e in zip(range(limit), found)]
        matched: set[int] | None = None
        for term in terms:
            hits = index.hits(index.text, term, index.starts)
            if _ASCII_WORD.fullmatch(term):
                hits |= index.hits(index.initials, term, index.starts) | index.hits(index.full, term, index.full_starts)
            matched = hits if matched is None else matched & hits
            if not matched:
                return []
        first = terms[0]
        names = index.level3_initials if _ASCII_WORD.fullmatch(first) else index.level3
        ranked = []
        for i in matched or ():
            if placed is not None and not placed(entries[i]):
                continue
            name = names[i]
            rank = 0 if name.startswith(first) else 1 if first in name else 2
            ranked.append((rank, len(index.level3[i]), i))
        return [entries[i] for *_, i in heapq.nsmallest(limit, ranked)]

    def suggest(self, name: str, use: str = "", goal: str = "", have: Iterable[str] = (),
                wanted: Callable[[Entry], bool] | None = None, limit: int = 5) -> list[Entry]:
        """The best few entries for a project: from the projects closest to its name, 资金用途 and
        goals (its name counts most), none the project already has; ``wanted`` keeps only the
        kinds it lacks. Common entries (no project of their own) come last."""
        own_name, own_all = _bigrams(name), _bigrams(f"{name}{use}{goal}")
        if not own_all:
            return []
        scores: dict[str, float] = {}
        for e in self.entries:
            origin = e.origin
            if origin.key in scores:
                continue
            theirs_name = _bigrams(origin.name)
            theirs_all = _bigrams(f"{origin.name}{origin.use}{origin.goal}")
            score = 0.0
            if own_name and theirs_name:
                score += 3 * len(own_name & theirs_name) / min(len(own_name), len(theirs_name))
            if theirs_all:
                score += len(own_all & theirs_all) / min(len(own_all), len(theirs_all))
            scores[origin.key] = score
        taken = {x.strip() for x in have}
        candidates = [(-scores[e.origin.key], i, e) for i, e in enumerate(self.entries)
                      if scores[e.origin.key] > 0 and e.level3 not in taken and (wanted is None or wanted(e))]
        result: list[Entry] = []
        for _, _, e in sorted(candidates):
            if e.level3 in taken:
                continue
            taken.add(e.level3)
            result.append(e)
            if len(result) == limit:
                break
        return result


# ---------------------------------------------------------------- reading a document's indicators

@dataclass(frozen=True)
class TablePart:
    """One indicator table of a department or project, with what describes its owner."""

    dept: int
    project: int | None
    owner: Owner
    table: TableDef
    part: Part
    name: str
    use: str
    goal: str


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def owner_texts(part: Part, owner: Owner) -> tuple[str, str, str]:
    """(name, 资金用途, goals) of a department or project, by the roles its family gives them."""
    name_field = owner.by_role("name") or owner.by_role("unit_name")
    use_field = owner.by_role("use")
    goals = [_text(part.values.get(f.key)) for f in owner.all_fields if f.role in GOAL_ROLES]
    if not any(goals):       # a department: its text sections say what it sets out to do
        goals = [_text(part.values.get(f.key)) for f in owner.all_fields if f.type == "text"]
    return (_text(part.values.get(name_field.key)) if name_field else "",
            _text(part.values.get(use_field.key)) if use_field else "", " ".join(g for g in goals if g))


def table_parts(doc: Document, fam: Family) -> Iterator[TablePart]:
    for d, dept in enumerate(doc.departments):
        if fam.department is not None:
            name, use, goal = owner_texts(dept, fam.department)
            for table in fam.department.tables:
                yield TablePart(d, None, fam.department, table, dept, f"{name}（{table.label}）", use, goal)
        if fam.project is not None:
            for p, project in enumerate(dept.projects):
                name, use, goal = owner_texts(project, fam.project)
                for table in fam.project.tables:
                    yield TablePart(d, p, fam.project, table, project, name, use, goal)


def row_target(table: TableDef, row: dict[str, Any]) -> str:
    """A row's 指标值 as one text: its target column, or comparator + number + unit."""
    target = table.by_role("target")
    if target is not None:
        return _text(row.get(target.key))
    return "".join(_text(row.get(c.key)) for c in (table.by_role(r) for r in ("comparator", "number", "unit"))
                   if c is not None)


def _cell(table: TableDef, row: dict[str, Any], role: str) -> str:
    column = table.by_role(role)
    return _text(row.get(column.key)) if column is not None else ""


def new_row(entry: Entry, table: TableDef, vocabulary: dict[str, Any]) -> dict[str, str]:
    """The cells an entry fills in ``table`` (key → text), its 一级/二级 in the table's words."""
    has2 = table.by_role("level2") is not None
    level1, level2 = place(vocabulary, entry.level1, entry.level2, entry.kind, has2)
    cells = {"level1": level1, "level2": level2, "level3": entry.level3,
             "description": entry.description, "basis": entry.basis}
    row: dict[str, str] = {}
    for role, value in cells.items():
        column = table.by_role(role)
        if column is not None and value:
            row[column.key] = value
    target = table.by_role("target")
    if target is not None:
        row[target.key] = entry.target
    else:
        number = table.by_role("number")
        value = parse_target(entry.target)
        if number is not None:
            if value.number is None:
                row[number.key] = entry.target
            else:
                row[number.key] = format(value.number, "f")
                for role, part in (("comparator", value.comparator), ("unit", value.unit)):
                    column = table.by_role(role)
                    if column is not None and part:
                        row[column.key] = part
    return {k: v for k, v in row.items() if v}


def table_vocabulary(fam: Family, table: TableDef) -> dict[str, tuple[str, ...]]:
    return dict(fam.vocabularies.get(table.vocabulary) or {})


# ---------------------------------------------------------------- the clerk's own history

class ProfileStore:
    """The indicators of the clerk's own documents, kept in the profile (``library.json``).

    Remembering a document again replaces what was remembered of its projects, so an indicator
    changed in the file is not kept twice. A file that cannot be read is moved aside (``.bad``),
    never overwritten unread.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / PROFILE_FILE
        self._raw: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._raw is None:
            raw: Any = None
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raw = None
            except (OSError, ValueError):
                try:
                    self.path.replace(self.path.with_name(self.path.name + ".bad"))
                except OSError:
                    pass
            if not isinstance(raw, dict) or raw.get("format") != PROFILE_FORMAT:
                raw = {"format": PROFILE_FORMAT, "version": 1, "sources": {}, "projects": {}, "entries": []}
            self._raw = raw
        return self._raw

    def entries(self) -> list[Entry]:
        return _read_entries(self._data(), stored=True)

    def remember(self, doc: Document, fam: Family, source: str) -> int:
        """Take in every indicator of ``doc`` (``source`` names the file); return how many."""
        data = self._data()
        source_key = source
        data["sources"][source_key] = {"label": source}
        keys: set[str] = set()
        added: list[dict[str, str]] = []
        for part in table_parts(doc, fam):
            rows = part.part.lists.get(part.table.key) or []
            key = f"{source_key}#{part.name}"
            keys.add(key)
            seen: set[tuple[str, str]] = set()
            for row in rows:
                level3 = _cell(part.table, row, "level3")
                target = row_target(part.table, row)
                if not level3 or (level3, target) in seen:
                    continue
                seen.add((level3, target))
                entry = {"l1": _cell(part.table, row, "level1"), "l2": _cell(part.table, row, "level2"),
                         "l3": level3, "value": target, "project": key}
                for short, role in (("desc", "description"), ("basis", "basis")):
                    if _cell(part.table, row, role):
                        entry[short] = _cell(part.table, row, role)
                added.append(entry)
            if rows:
                data["projects"][key] = {"name": part.name, "use": part.use, "goal": part.goal, "source": source_key}
        data["entries"] = [e for e in data["entries"] if e.get("project") not in keys] + added
        self._drop_unused()
        self.save()
        return len(added)

    def remove(self, entries: Iterable[Entry]) -> int:
        """Forget the given stored entries; return how many were forgotten."""
        doomed = {e.key() for e in entries if e.origin.stored}
        data = self._data()
        before = len(data["entries"])
        data["entries"] = [e for e in data["entries"]
                           if (e.get("project", ""), e.get("l3", ""), e.get("value", "")) not in doomed]
        removed = before - len(data["entries"])
        if removed:
            self._drop_unused()
            self.save()
        return removed

    def _drop_unused(self) -> None:
        data = self._data()
        used = {e.get("project") for e in data["entries"]}
        data["projects"] = {k: v for k, v in data["projects"].items() if k in used}
        sources = {v.get("source") for v in data["projects"].values()}
        data["sources"] = {k: v for k, v in data["sources"].items() if k in sources}

    def save(self) -> None:
        """Write the store; a locked or full profile is not worth bothering the clerk about."""
        payload = json.dumps(self._data(), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, lambda stream: stream.write(payload))
        except OSError:
            pass


def library(store: ProfileStore | None = None) -> Library:
    """The clerk's own entries first, then the built-in ones."""
    own = store.entries() if store is not None else []
    return Library([*own, *builtin_entries()])
