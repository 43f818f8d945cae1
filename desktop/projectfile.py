"""The ``.jxmb`` project file: UTF-8 JSON with a format name and version.

Amounts are written as strings so that ``0.54`` and ``173.4271`` come back exactly.
Reading checks every value's type and reports the first problem in Chinese with where it is;
a document is returned whole or not at all. Older versions are migrated on open.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.atomic import name_fits, write_atomic
from desktop.blank import fill_gaps, new_department
from desktop.errors import ProjectFileError, describe_os_error
from desktop.families import UNKNOWN, Family, families
from desktop.model import (
    INDICATOR_FIELDS,
    PRIOR_COUNT,
    Department,
    Document,
    Indicator,
    Measure,
    MoneyLine,
    PlanPoint,
    Project,
    SubGoal,
    WorkItem,
)
from desktop.text import clean_text, shorten
from desktop.values import amount_problem

FORMAT = "jxmb"
VERSION = 2
SUFFIX = ".jxmb"
MAX_BYTES = 200 * 1024 * 1024


# ---------------------------------------------------------------- writing

def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _indicator(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {key: getattr(ind, key) for key in INDICATOR_FIELDS}
    out["prior"] = list(ind.prior)
    return out


def _project(p: Project) -> dict[str, Any]:
    return {
        "code": p.code, "name": p.name, "budget": _amount(p.budget), "fiscal": _amount(p.fiscal),
        "other": _amount(p.other), "use": p.use,
        "plan": [{"label": pt.label, "percent": _amount(pt.percent)} for pt in p.plan],
        "goal": p.goal, "period": p.period, "period_goal": p.period_goal, "special": p.special,
        "indicators": [_indicator(i) for i in p.indicators],
    }


def _department(d: Department) -> dict[str, Any]:
    return {
        "unit_code": d.unit_code, "unit_name": d.unit_name, "supervisor": d.supervisor,
        "preparer": d.preparer, "phone": d.phone, "texts": dict(d.texts),
        "sub_goals": [{"title": g.title, "goal": g.goal, "indicators": g.indicators} for g in d.sub_goals],
        "measures": [{"title": m.title, "text": m.text} for m in d.measures],
        "work_plan": [{"item": w.item, "unit": w.unit, "goal": w.goal} for w in d.work_plan],
        "money": {
            key: {"amount": _amount(m.amount), "share": _amount(m.share),
                  "prior": [_amount(v) for v in m.prior]}
            for key, m in d.money.items()
        },
        "special_total": _amount(d.special_total),
        "tables": {key: [_indicator(i) for i in rows] for key, rows in d.tables.items()},
        "projects": [_project(p) for p in d.projects],
    }


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT, "version": VERSION, "app": __version__,
        "document": {
            "year": doc.year, "family": doc.family, "unit": doc.unit, "draft": doc.draft,
            "departments": [_department(d) for d in doc.departments],
        },
    }


def dumps(doc: Document, compact: bool = False) -> str:
    """The file's text; ``compact`` (no line breaks) is several times quicker to make, for autosaved copies."""
    if compact:
        return json.dumps(to_dict(doc), ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n"


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
    text = dumps(doc, compact)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        where = _unencodable(to_dict(doc)["document"], ())
        place = _Reader(None, where, families().get(doc.family)).where() if where is not None else "文档"
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
        return cls(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def changed_on_disk(path: Path, stamp: FileStamp) -> bool:
    """Whether ``path`` now holds something else than when ``stamp`` was taken. A file whose
    dates alone changed (touched, copied back) is not changed; a file gone is not either
    (saving simply puts it back)."""
    try:
        info = path.stat()
        if (info.st_size, info.st_mtime_ns) == (stamp.size, stamp.mtime_ns):
            return False
        return info.st_size != stamp.size or hashlib.sha256(path.read_bytes()).hexdigest() != stamp.digest
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
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _safe(text: str) -> str:
    """``text`` with any lone surrogate shown as �, so that a message can be shown and logged."""
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
        if node.value is None:
            return None
        raw = node.expect(str)
        shown = shorten(raw)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise node.fail(f"“{shown}”不是数字") from None
        problem = amount_problem(value)
        if problem:
            raise node.fail(f"“{shown}”{problem}")
        return value.copy_abs() if value == 0 else value


def _read_indicator(r: _Reader) -> Indicator:
    prior = [clean_text(p.expect(str)) for p in r.get("prior", ["", ""]).items()]
    prior = (prior + [""] * PRIOR_COUNT)[:PRIOR_COUNT]
    return Indicator(**{key: r.text(key) for key in INDICATOR_FIELDS}, prior=prior)


def _read_project(r: _Reader) -> Project:
    return Project(
        code=r.text("code"), name=r.text("name"), budget=r.amount("budget"),
        fiscal=r.amount("fiscal"), other=r.amount("other"), use=r.text("use"),
        plan=[PlanPoint(p.text("label"), p.amount("percent")) for p in r.get("plan", []).items()],
        goal=r.text("goal"), period=r.text("period"), period_goal=r.text("period_goal"),
        special=r.text("special"),
        indicators=[_read_indicator(i) for i in r.get("indicators", []).items()],
    )


def _read_money_line(r: _Reader) -> MoneyLine:
    prior = [p.amount() for p in r.get("prior", [None, None]).items()]
    return MoneyLine(r.amount("amount"), r.amount("share"), (prior + [None, None])[:PRIOR_COUNT])


def _read_department(r: _Reader) -> Department:
    texts = r.get("texts", {})
    tables = r.get("tables", {})
    money = r.get("money", {})
    return Department(
        unit_code=r.text("unit_code"), unit_name=r.text("unit_name"),
        supervisor=r.text("supervisor"), preparer=r.text("preparer"), phone=r.text("phone"),
        texts={kept: texts.text(key) for kept, key in texts.keys()},
        sub_goals=[SubGoal(g.text("title"), g.text("goal"), g.text("indicators"))
                   for g in r.get("sub_goals", []).items()],
        measures=[Measure(m.text("title"), m.text("text")) for m in r.get("measures", []).items()],
        work_plan=[WorkItem(w.text("item"), w.text("unit"), w.text("goal"))
                   for w in r.get("work_plan", []).items()],
        money={kept: _read_money_line(money.get(key)) for kept, key in money.keys()},
        special_total=r.amount("special_total"),
        tables={kept: [_read_indicator(i) for i in tables.get(key).items()] for kept, key in tables.keys()},
        projects=[_read_project(p) for p in r.get("projects", []).items()],
    )


def _read_document(r: _Reader) -> Document:
    family_node = r.get("family")
    family_id = family_node.expect(str)
    if family_id not in families():
        raise family_node.fail(f"表式“{family_id}”本软件不认识")
    year_node = r.get("year")
    year = year_node.expect(int)
    if not 1900 <= year <= 2999:
        raise year_node.fail(f"年度“{year}”不在 1900 到 2999 之间")
    fam = r.family = families()[family_id]
    departments = [_read_department(d) for d in r.get("departments").items()] or [new_department(fam)]
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


_MIGRATIONS = {1: _migrate_1}


def loads(text: str) -> Document:
    """Parse a project file's text; raises ``ProjectFileError`` with a Chinese message."""
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
