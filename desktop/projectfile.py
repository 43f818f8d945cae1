"""The ``.jxmb`` project file: UTF-8 JSON with a format name and version.

Amounts are written as strings so that ``0.54`` and ``173.4271`` come back exactly.
Reading checks every value's type and reports the first problem in Chinese with where it is;
a document is returned whole or not at all. Older versions are migrated on open.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.atomic import name_fits, write_atomic
from desktop.blank import fill_gaps, new_department
from desktop.errors import ProjectFileError, describe_os_error
from desktop.families import UNKNOWN, Family, Owner, family_errors, find
from desktop.model import (
    PRIOR_COUNT,
    ROW_CLASSES,
    Department,
    Document,
    Indicator,
    MoneyLine,
    Part,
    PlanPoint,
    Project,
    Row,
)
from desktop.text import LazyPattern, clean_text, shorten
from desktop.values import TypedAmount, amount_problem, split_unit

FORMAT = "jxmb"
VERSION = 3
SUFFIX = ".jxmb"
MAX_BYTES = 200 * 1024 * 1024
_WRITER: list[Any] = []     # msgspec's JSON encoder and formatter, loaded on the first save (not at start)


def _writer() -> tuple[Any, Any] | None:
    if not _WRITER:
        try:
            import msgspec.json
        except ImportError:         # the standard library writes the same bytes, slower
            _WRITER.append(None)
        else:
            _WRITER.append((msgspec.json.Encoder().encode, msgspec.json.format))
    return _WRITER[0]


# ---------------------------------------------------------------- writing

def _amount(value: Decimal | None) -> str | None:
    """An amount's exact decimal text, with the unit the clerk typed after it (``25%``)."""
    return None if value is None else value.typed if isinstance(value, TypedAmount) else format(value, "f")


def _values(values: dict[str, Any]) -> dict[str, Any]:
    """The values but None, as written: amounts as their exact decimal text, texts as they are."""
    return {k: _amount(v) if isinstance(v, Decimal) else v for k, v in values.items() if v is not None}


def _rows(rows: list[Row]) -> list[Any]:
    """A list's rows as written. Rows that hold texts only (nearly always) are written as they
    are: looking at all their values at once is ten times quicker than copying each row."""
    try:
        "".join(chain.from_iterable(map(dict.values, rows)))
    except TypeError:       # an amount, a None, or a row that is no mapping
        return [_values(row) for row in rows]
    return list(rows)


def _part(p: Part) -> dict[str, Any]:
    return {
        "values": _values(p.values),
        "lists": {key: _rows(rows) for key, rows in p.lists.items()},
        "totals": {key: _values(t) for key, t in p.totals.items()},
    }


def _project(p: Project) -> dict[str, Any]:
    out = _part(p)
    out["plan"] = [{"label": pt.label} if pt.percent is None else {"label": pt.label, "percent": _amount(pt.percent)}
                   for pt in p.plan]
    return out


def _money_line(m: MoneyLine) -> dict[str, Any]:
    out = {"amount": _amount(m.amount), "share": _amount(m.share)}
    out.update({f"prior{i}": _amount(v) for i, v in enumerate(m.prior)})
    return {k: v for k, v in out.items() if v is not None}


def _department(d: Department) -> dict[str, Any]:
    out = _part(d)
    out["money"] = {key: _money_line(m) for key, m in d.money.items()}
    out["projects"] = [_project(p) for p in d.projects]
    return out


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT, "version": VERSION, "app": __version__,
        "document": {
            "year": doc.year, "family": doc.family, "unit": doc.unit, "draft": doc.draft,
            "departments": [_department(d) for d in doc.departments],
        },
    }


def _json_text(data: dict[str, Any], compact: bool) -> str:
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _json_bytes(data: dict[str, Any], compact: bool) -> bytes:
    """``_json_text`` in UTF-8, byte for byte (tests/test_projectfile.py compares the two), made
    by msgspec where it is installed: the standard library indents in Python, 20 times slower.
    Raises ``UnicodeEncodeError`` for a lone surrogate, as ``str.encode`` does."""
    writer = _writer()
    if writer is None:
        return _json_text(data, compact).encode("utf-8")
    encode, indent = writer
    compact_bytes = encode(data)
    return (compact_bytes if compact else indent(compact_bytes, indent=1)) + b"\n"


def dumps(doc: Document, compact: bool = False) -> str:
    """The file's text; ``compact`` (no line breaks) is quicker to make, for autosaved copies."""
    data = to_dict(doc)
    try:
        return _json_bytes(data, compact).decode("utf-8")
    except UnicodeEncodeError:          # a lone surrogate: text, which ``encode`` refuses to save
        return _json_text(data, compact)


def backup_path(path: Path) -> Path:
    """``NAME.jxmb.bak`` beside ``path``; when that name would be too long for the folder, the
    name is cut before its suffix and marked with ``~`` (a name that just fits keeps a backup too)."""
    name = path.name + ".bak"
    stem, suffix = path.stem, path.suffix + ".bak"
    while not name_fits(path.parent, name) and stem:
        stem = stem[:-1]
        name = f"{stem}~{suffix}"
    return path.with_name(name)


def encode(doc: Document, compact: bool = False) -> bytes:
    """The file's bytes; a character no file can hold (a lone surrogate) is refused with its place."""
    data = to_dict(doc)
    try:
        return _json_bytes(data, compact)
    except UnicodeEncodeError:
        where = _unencodable(data["document"], ())
        place = _Reader(None, where, find(doc.family)).where() if where is not None else "文档"
        raise ProjectFileError(f"无法保存：{place}中有无法保存的字符（多为复制来的乱码）。"
                               "请删去该处的乱码后再保存；文件没有改动。") from None


def _unencodable(value: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Where in ``to_dict``'s document the first string that UTF-8 cannot hold is."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        if isinstance(key, str) and _SURROGATE.search(key):
            return path + (key,)
        found = _unencodable(child, path + (key,))
        if found is not None:
            return found
    return None


_OWN_SHA256_BELOW = 1 << 20     # bytes: below, Python's own SHA-256 gives the digest sooner than loading OpenSSL


@cache
def _own_sha256() -> Any:
    """Python's own SHA-256, None in a build without it. Imported by name, so that PyInstaller
    sees the module (on Linux a file of its own, on Windows inside the Python DLL)."""
    try:
        from _sha2 import sha256  # CPython 3.12 on
    except ImportError:
        try:
            from _sha256 import sha256  # CPython 3.11
        except ImportError:
            return None
    return sha256


def sha256_hex(data: bytes) -> str:
    """``hashlib.sha256(data).hexdigest()``. hashlib loads OpenSSL (2 to 3 ms, a large library an
    antivirus scans) on its import: for the few dozen KB of a typical file, at the editor's start,
    Python's own implementation gives the same digest in a tenth of that; OpenSSL's, five times
    quicker, pays from about 1 MB on."""
    own = _own_sha256() if len(data) < _OWN_SHA256_BELOW else None
    if own is not None:
        return own(data).hexdigest()
    import hashlib
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileStamp:
    """What a file on disk was when it was opened or saved, to tell whether someone changed it since."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path, data: bytes) -> FileStamp:
        """``data`` as just read from or written to ``path``."""
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns, sha256_hex(data))


def changed_on_disk(path: Path, stamp: FileStamp) -> bool:
    """Whether ``path`` now holds something else than when ``stamp`` was taken. A file whose
    dates alone changed (touched, copied back) is not changed; a file gone is not either
    (saving simply puts it back)."""
    try:
        info = path.stat()
        if (info.st_size, info.st_mtime_ns) == (stamp.size, stamp.mtime_ns):
            return False
        return info.st_size != stamp.size or sha256_hex(path.read_bytes()) != stamp.digest
    except FileNotFoundError:
        return False
    except OSError:
        return True         # unreadable now (locked by another program): better to ask


def save(doc: Document, path: Path) -> FileStamp | None:
    """Save atomically, keeping the previous file as ``NAME.jxmb.bak``; the saved file's stamp."""
    path = Path(path)
    data = encode(doc)
    try:
        write_atomic(path, lambda stream: stream.write(data), backup=backup_path(path))
    except OSError as exc:
        raise ProjectFileError(describe_os_error(exc, path, "保存")) from exc
    try:
        return FileStamp.of(path, data)
    except OSError:
        return None


# ---------------------------------------------------------------- reading

_LABELS = {
    "values": "", "lists": "", "totals": "合计", "prior0": "往年值", "prior1": "往年值",
    "document": "文档", "year": "年度", "family": "表式", "unit": "金额单位", "draft": "草案标记",
    "departments": "部门", "unit_code": "单位编码", "unit_name": "单位名称", "supervisor": "主管部门",
    "preparer": "填报人", "phone": "联系电话", "texts": "文字部分", "sub_goals": "分项绩效目标",
    "measures": "工作保障措施", "work_plan": "年度重点工作计划", "money": "资金情况",
    "special_total": "专项资金合计", "tables": "部门绩效指标", "projects": "项目", "code": "项目编码",
    "name": "项目名称", "budget": "预算数", "fiscal": "财政资金", "other": "其他资金", "use": "资金用途",
    "plan": "资金支出计划", "goal": "绩效目标", "period": "项目实施期", "period_goal": "实施期绩效目标",
    "special": "所属专项", "indicators": "绩效指标", "level1": "一级指标", "level2": "二级指标",
    "level3": "三级指标", "description": "绩效指标描述", "target": "指标值", "basis": "指标值确定依据",
    "remark": "备注", "category": "指标分类", "prior": "近两年指标值", "amount": "金额", "share": "占比",
    "label": "节点", "percent": "比例", "title": "标题", "text": "内容", "item": "事项",
}
_SURROGATE = LazyPattern(r"[\ud800-\udfff]")


def _safe(text: str) -> str:
    """``text`` with any lone surrogate shown as �, so that a message can be shown and logged."""
    if text.isprintable():      # every key of a file this editor wrote: no surrogate (nor control)
        return text
    return _SURROGATE.sub("\ufffd", text)


_TYPE_NAMES = {dict: "一组字段", list: "列表", str: "文字", int: "整数", bool: "是/否", float: "数字",
               type(None): "空值"}


class _Reader:
    """Reads one value at a path, raising ``ProjectFileError`` that names the path in Chinese."""

    def __init__(self, value: Any, path: tuple[str | int, ...] = (), family: Family | None = None) -> None:
        self.value = value
        self.path = path
        self.family = family      # once known, places are named in its form's words

    def where(self) -> str:
        parts = []
        for i, step in enumerate(self.path):
            label = self.family.file_label(self.path[:i + 1]) if self.family is not None else None
            if isinstance(step, int):
                label = f"第{step + 1}项"
            elif label is None:
                label = _LABELS.get(step, UNKNOWN)
            if label:
                parts.append(label)
        return " › ".join(parts) or "文件"

    def fail(self, what: str) -> ProjectFileError:
        return ProjectFileError(_safe(f"项目文件内容有误：{self.where()}：{what}。文件未被打开，原文件没有改动。"))

    def expect(self, kind: type) -> Any:
        if kind is int and isinstance(self.value, bool) or not isinstance(self.value, kind):
            got = _TYPE_NAMES.get(type(self.value), "其他内容")
            raise self.fail(f"应为{_TYPE_NAMES[kind]}，实际为{got}")
        return self.value

    def get(self, key: str | int, default: Any = ...) -> _Reader:
        container = self.value
        if isinstance(key, str):
            mapping = self.expect(dict)
            if key not in mapping:
                if default is ...:
                    raise _Reader(None, self.path + (key,), self.family).fail("缺少此项")
                return _Reader(default, self.path + (key,), self.family)
            return _Reader(mapping[key], self.path + (key,), self.family)
        return _Reader(container[key], self.path + (key,), self.family)

    def keys(self) -> list[tuple[str, str]]:
        """(kept, read) for each key of the mapping: a character no file can hold (a lone
        surrogate, from a hand-edited file) is kept as �; keys that would then be one are refused."""
        kept: dict[str, str] = {}
        for key in self.expect(dict):
            name = _safe(key)
            if name in kept:
                raise self.fail(f"有两个名称相同的部分“{shorten(name)}”")
            kept[name] = key
        return list(kept.items())

    def items(self) -> list[_Reader]:
        return [self.get(i) for i in range(len(self.expect(list)))]

    def text(self, key: str) -> str:
        return clean_text(self.get(key, "").expect(str))

    def amount(self, key: str | int | None = None) -> Decimal | None:
        node = self if key is None else self.get(key, None)
        if node.value is None or node.value == "":     # blank
            return None
        raw = node.expect(str)
        shown = shorten(raw)
        number, unit = split_unit(raw)
        try:
            value = Decimal(number)
        except InvalidOperation:
            raise node.fail(f"“{shown}”不是数字") from None
        problem = amount_problem(value)
        if problem:
            raise node.fail(f"“{shown}”{problem}")
        value = value.copy_abs() if value == 0 else value
        return TypedAmount(value, raw) if unit else value


def _amount_keys(fields: Any) -> frozenset[str]:
    return frozenset(f.key for f in fields if f.type in ("amount", "percent"))


def _read_values(r: _Reader, amounts: frozenset[str]) -> dict[str, Any]:
    """Field key → value: amounts (by the family's field types) as Decimal, anything else as text."""
    node = r.get("values", {})
    out: dict[str, Any] = {}
    for kept, key in node.keys():
        out[kept] = node.amount(key) if kept in amounts else node.text(key)
    return out


def _read_row(r: _Reader, cls: type[Row]) -> Row:
    row = cls()
    for kept, key in r.keys():
        row[kept] = r.text(key)
    return row


def _plain_rows(raw: Any, cls: type[Row]) -> list[Row] | None:
    """The rows of a list as ``_read_row`` reads them, when each is a mapping of printable keys
    to texts (every row a file of this editor holds); None for anything else, which
    ``_read_row`` then reads one step at a time, to name the place of a problem. The checks run
    over all the rows at once, so that tens of thousands are read at about the JSON parser's speed."""
    if raw.__class__ is not list or not all(item.__class__ is dict for item in raw):
        return None
    try:
        texts = "".join(chain.from_iterable(map(dict.values, raw)))
    except TypeError:           # a value that is no text
        return None
    if not "".join(chain.from_iterable(raw)).isprintable():
        return None             # a key no file should hold: read step by step
    make = dict.__new__          # an empty row, as ``cls()`` makes it, without its keyword handling
    rows: list[Row] = []
    append = rows.append
    for item in raw:
        row = make(cls)
        row.update(item)
        append(row)
    if not texts.isprintable():         # a line break, a tab or a control character somewhere
        for row in rows:
            for key, value in row.items():
                if not value.isprintable():
                    row[key] = clean_text(value)
    return rows


def _read_lists(r: _Reader, owner: Owner | None) -> dict[str, list[Row]]:
    node = r.get("lists", {})
    out: dict[str, list[Row]] = {}
    for kept, key in node.keys():
        section = owner.section(kept) if owner is not None else None
        cls = ROW_CLASSES.get(kept, Row) if section is not None and section.kind == "list" else Indicator
        rows = _plain_rows(node.value[key], cls)
        out[kept] = rows if rows is not None else [_read_row(item, cls) for item in node.get(key).items()]
    return out


def _read_totals(r: _Reader, owner: Owner | None) -> dict[str, dict[str, Any]]:
    node = r.get("totals", {})
    out: dict[str, dict[str, Any]] = {}
    for kept, key in node.keys():
        section = owner.section(kept) if owner is not None else None
        amounts = _amount_keys(section.columns) if section is not None else frozenset()
        line = node.get(key)
        out[kept] = {k: (line.amount(raw) if k in amounts else line.text(raw)) for k, raw in line.keys()}
    return out


_NO_AMOUNT = object()       # what ``_plain_amount`` returns for anything ``_Reader.amount`` would refuse


def _plain_amount(value: Any) -> Any:
    """``_Reader.amount`` of a value it accepts, else ``_NO_AMOUNT`` (it then names the problem)."""
    if value is None or value == "":
        return None
    if value.__class__ is not str:
        return _NO_AMOUNT
    digits, unit = split_unit(value)
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return _NO_AMOUNT
    if amount_problem(number) is not None:
        return _NO_AMOUNT
    number = number.copy_abs() if number == 0 else number
    return TypedAmount(number, value) if unit else number


def _plain_values(raw: Any, amounts: frozenset[str]) -> dict[str, Any] | None:
    """``_read_values`` of a mapping it would read without a problem; None for anything else."""
    if raw.__class__ is not dict:
        return None
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if not key.isprintable():
            return None
        if key in amounts:
            value = _plain_amount(value)
            if value is _NO_AMOUNT:
                return None
        elif value.__class__ is not str:
            return None
        elif not value.isprintable():
            value = clean_text(value)
        out[key] = value
    return out


def _plain_plan(raw: Any) -> list[PlanPoint] | None:
    """The spending plan as the ``_Reader`` reads it, when it has no problem; None for anything else."""
    if raw.__class__ is not list:
        return None
    points = []
    for point in raw:
        if point.__class__ is not dict:
            return None
        label, percent = point.get("label", ""), _plain_amount(point.get("percent"))
        if label.__class__ is not str or percent is _NO_AMOUNT:
            return None
        points.append(PlanPoint(clean_text(label), percent))
    return points


_PROJECT_PARTS = ("values", "lists", "totals", "plan")


def _read_project(r: _Reader, fam: Family, amounts: frozenset[str] | None = None) -> Project:
    """A project; ``amounts`` are the keys of its amount fields (found once for all projects)."""
    _only(r, _PROJECT_PARTS)
    owner = fam.project
    if amounts is None:
        amounts = _amount_keys(owner.all_fields) if owner is not None else frozenset()
    raw = r.value
    values = _plain_values(raw.get("values", {}), amounts)
    plan = _plain_plan(raw.get("plan", []))
    return Project(
        values=values if values is not None else _read_values(r, amounts),
        lists=_read_lists(r, owner), totals=_read_totals(r, owner),
        plan=plan if plan is not None else
        [PlanPoint(p.text("label"), p.amount("percent")) for p in r.get("plan", []).items()],
    )


def _read_money_line(r: _Reader) -> MoneyLine:
    keys = dict(r.keys())
    for kept in keys:
        if kept not in ("amount", "share") and (not kept.startswith("prior") or not kept[5:].isdigit()):
            raise r.get(keys[kept]).fail("资金表中没有这一栏")
    count = max([int(k[5:]) + 1 for k in keys if k.startswith("prior")] + [PRIOR_COUNT])
    return MoneyLine(r.amount("amount"), r.amount("share"), [r.amount(f"prior{i}") for i in range(count)])


def _only(r: _Reader, known: tuple[str, ...]) -> None:
    """Refuse a part this version has no place for (nothing is dropped silently)."""
    for kept, key in r.keys():
        if kept not in known:
            raise r.get(key).fail("本版本的文件中没有这一部分，无法保留它")


def _read_department(r: _Reader, fam: Family) -> Department:
    _only(r, ("values", "lists", "totals", "money", "projects"))
    owner = fam.department
    money = r.get("money", {})
    amounts = _amount_keys(fam.project.all_fields) if fam.project is not None else frozenset()
    return Department(
        values=_read_values(r, _amount_keys(owner.all_fields) if owner is not None else frozenset()),
        lists=_read_lists(r, owner), totals=_read_totals(r, owner),
        money={kept: _read_money_line(money.get(key)) for kept, key in money.keys()},
        projects=[_read_project(p, fam, amounts) for p in r.get("projects", []).items()],
    )


def _read_document(r: _Reader) -> Document:
    family_node = r.get("family")
    family_id = family_node.expect(str)
    fam = find(family_id)
    if fam is None:
        broken = [e for e in family_errors() if e.startswith(f"表式文件“{family_id}.json”")]
        if broken:
            raise family_node.fail(f"表式“{family_id}”的定义文件有误，无法打开：{broken[0]}")
        raise family_node.fail(f"表式“{family_id}”本软件不认识")
    year_node = r.get("year")
    year = year_node.expect(int)
    if not 1900 <= year <= 2999:
        raise year_node.fail(f"年度“{year}”不在 1900 到 2999 之间")
    r.family = fam
    departments = [_read_department(d, fam) for d in r.get("departments").items()] or [new_department(fam)]
    for dept in departments:
        fill_gaps(dept, fam)
    return Document(
        year=year, family=family_id, unit=r.text("unit") or "万元",
        draft=bool(r.get("draft", False).expect(bool)), departments=departments,
    )


# ---------------------------------------------------------------- migration

def _migrate_1(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept amounts as JSON numbers and one list of checkpoints for the document."""
    doc = raw["document"]
    checkpoints = doc.pop("checkpoints", [])

    def num(value: Any) -> Any:   # JSON numbers arrive as int or (see loads) Decimal
        return str(value) if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else value

    for dept in doc.get("departments", []):
        if not isinstance(dept, dict):
            continue
        dept["special_total"] = num(dept.get("special_total"))
        for line in dept.get("money", {}).values():
            if isinstance(line, dict):
                for key in ("amount", "share"):
                    line[key] = num(line.get(key))
                line["prior"] = [num(v) for v in line.get("prior", [])]
        for project in dept.get("projects", []):
            if not isinstance(project, dict):
                continue
            for key in ("budget", "fiscal", "other"):
                project[key] = num(project.get(key))
            plan = project.get("plan", [])
            if isinstance(plan, list):
                labels = list(checkpoints) + [f"第{i + 1}个节点" for i in range(len(checkpoints), len(plan))]
                project["plan"] = [{"label": label, "percent": num(value)} for label, value in zip(labels, plan)]
    raw["version"] = 2
    return raw


_V2_DEPARTMENT = ("unit_code", "unit_name", "supervisor", "preparer", "phone")
_V2_PROJECT = ("code", "name", "budget", "fiscal", "other", "use", "goal", "period", "period_goal", "special")


def _carried(mapping: dict[str, Any], keys: Any) -> dict[str, Any]:
    """The non-empty values of ``keys`` (empty strings and nulls were unused slots, not typed text)."""
    return {k: mapping[k] for k in keys if k in mapping and mapping[k] is not None and mapping[k] != ""}


def _v2_row(row: Any) -> Any:
    if not isinstance(row, dict):
        return row                     # the reader names the place and the problem
    out = {k: v for k, v in row.items() if k != "prior" and v != "" and v is not None}
    prior = row.get("prior")
    if isinstance(prior, list):
        out.update({f"prior{i}": v for i, v in enumerate(prior) if v != "" and v is not None})
    elif prior is not None:
        out["prior"] = prior
    return out


def _v2_rows(rows: Any) -> Any:
    return [_v2_row(row) for row in rows] if isinstance(rows, list) else rows


def _migrate_2(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2 held fixed attributes (``dept.texts``, ``dept.sub_goals``, ``project.budget``,
    ``indicator.prior``); version 3 holds ``values``/``lists``/``totals`` by the family's keys."""
    doc = raw["document"]
    departments = doc.get("departments", [])
    for i, dept in enumerate(departments if isinstance(departments, list) else []):
        if not isinstance(dept, dict):
            continue
        values = _carried(dept, _V2_DEPARTMENT)
        texts = dept.get("texts", {})
        if isinstance(texts, dict):
            values.update(_carried(texts, list(texts)))
        else:
            values["texts"] = texts
        values.update(_carried(dept, ("special_total",)))
        lists = {key: _v2_rows(dept[key]) for key in ("sub_goals", "measures", "work_plan")
                 if dept.get(key) not in (None, [])}
        tables = dept.get("tables", {})
        if isinstance(tables, dict):
            lists.update({key: _v2_rows(rows) for key, rows in tables.items()})
        else:
            lists["tables"] = tables
        money = dept.get("money", {})
        if isinstance(money, dict):
            money = {key: _v2_row(line) for key, line in money.items()}
        projects = dept.get("projects", [])
        if isinstance(projects, list):
            projects = [_v2_project(p) for p in projects]
        known = {*_V2_DEPARTMENT, "texts", "special_total", "sub_goals", "measures", "work_plan", "tables",
                 "money", "projects"}
        values.update({k: v for k, v in dept.items() if k not in known})     # kept, reported by the checker
        departments[i] = {"values": values, "lists": lists, "totals": {}, "money": money, "projects": projects}
    raw["version"] = 3
    return raw


def _v2_project(project: Any) -> Any:
    if not isinstance(project, dict):
        return project
    values = _carried(project, _V2_PROJECT)
    known = {*_V2_PROJECT, "plan", "indicators"}
    values.update({k: v for k, v in project.items() if k not in known})
    plan = project.get("plan", [])
    if isinstance(plan, list):
        plan = [{k: v for k, v in point.items() if v is not None} if isinstance(point, dict) else point
                for point in plan]
    indicators = project.get("indicators", [])
    lists = {"indicators": _v2_rows(indicators)} if indicators != [] else {}
    return {"values": values, "lists": lists, "totals": {}, "plan": plan}


_MIGRATIONS = {1: _migrate_1, 2: _migrate_2}


def loads(text: str) -> Document:
    """Parse a project file's text; raises ``ProjectFileError`` with a Chinese message.

    The cycle collector waits meanwhile: the tens of thousands of new rows hold no cycle, and
    collecting as they are made costs a sixth of the reading."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _loads(text)
    finally:
        if collecting:
            gc.enable()


def _loads(text: str) -> Document:
    if not text.strip():
        raise ProjectFileError("文件是空的，不是有效的项目文件。")
    if not text.lstrip().startswith("{"):
        raise ProjectFileError("这不是绩效目标编辑器的项目文件（.jxmb），无法打开。")
    try:
        raw = json.loads(text, parse_float=Decimal)     # version 1 kept amounts as JSON numbers
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            f"文件已损坏或不完整，第 {exc.lineno} 行第 {exc.colno} 列处无法读取。文件未被打开。"
        ) from None
    except RecursionError:
        raise ProjectFileError("文件的结构嵌套过深，不是本软件保存的项目文件。") from None
    except ValueError:      # an integer of thousands of digits
        raise ProjectFileError("文件中有长得不合理的数字，不是本软件保存的项目文件。") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ProjectFileError("这不是绩效目标编辑器的项目文件（.jxmb），无法打开。")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectFileError(f"项目文件的格式版本“{version}”无法识别，无法打开。")
    if version > VERSION:
        raise ProjectFileError(
            f"此文件由更新版本的软件保存（文件格式第 {version} 版，本软件支持到第 {VERSION} 版）。"
            "请升级软件后再打开；文件没有改动。"
        )
    try:
        while raw["version"] < VERSION:
            raw = _MIGRATIONS[raw["version"]](raw)
        return _read_document(_Reader(raw).get("document"))
    except ProjectFileError:
        raise
    except (KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise ProjectFileError("项目文件的结构不完整或有误，无法打开。文件没有改动。") from None


def load(path: Path) -> Document:
    """Open a ``.jxmb`` file; raises ``ProjectFileError`` with a Chinese message."""
    return read(path)[0]


def read(path: Path) -> tuple[Document, FileStamp]:
    """Open a ``.jxmb`` file, with the stamp of what was read; raises ``ProjectFileError``."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ProjectFileError(f"文件“{path.name}”过大（超过 200 MB），不是本软件保存的项目文件。")
        data = path.read_bytes()
        stamp = FileStamp.of(path, data)
    except OSError as exc:
        raise ProjectFileError(describe_os_error(exc, path, "打开")) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectFileError(f"文件“{path.name}”不是本软件的项目文件（不是 UTF-8 文本）。") from None
    return loads(text), stamp
