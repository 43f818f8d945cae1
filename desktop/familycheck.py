"""Load-time checks of a family file (``resources/families/<id>.json``, format ``jxmb-family`` 1).

``check(raw, source)`` returns every problem as a Chinese sentence naming the file and the key
(``表式文件“H.json”中 print.blocks[6].table.rows[5]：…``); an empty list means the file can be
used. It never raises on any JSON value. The structure checked here is the one
``resources/schema/family.schema.json`` describes (the schema is the published description and
is validated in the tests; this module is what the program runs, without jsonschema).

After the structure, the cross-checks: keys and roles unique in an owner, money groups name
lines, vocabularies exist and hold the words the tables name, a target is one column or a
split number, every printed reference exists in the block's scope, every declared field,
column and money line is printed in Word and in Excel (or marked ``"print": false``), every
printed row fills the table's grid exactly, and templates use only known placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FORMAT = "jxmb-family"
VERSION = 1

KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
TYPES = ("line", "text", "amount", "percent", "integer", "choice", "date", "phone", "code")
DEPARTMENT_ROLES = ("unit_code", "unit_name", "signer", "preparer", "phone", "projects_total", "numbering")
PROJECT_ROLES = ("code", "name", "budget", "fiscal", "other_funds", "use", "goal", "period",
                 "period_goal", "parent")
INDICATOR_ROLES = ("level1", "level2", "level3", "target", "comparator", "number", "unit", "weight",
                   "direction", "basis", "description", "remark", "category", "explanation",
                   "scoring", "value_type", "history")
SECTION_KINDS = ("field", "list", "indicators", "money", "plan")
EACH = ("document", "department", "project")
ONLY = ("word", "excel")
ALIGN = ("left", "center", "right")
ORIENTATION = ("portrait", "landscape")
MONEY_PARTS = ("amount", "share", "label")
SERIALS = ("cn", "n")

_TEMPLATE_TOKEN = re.compile(r"\{([^{}]*)\}")
_SIMPLE = re.compile(r"(year|year-[1-9][0-9]?|unit|title|n|cn)\Z")
_SCOPED = re.compile(r"(dept|f|c|label|nf):([a-z][a-z0-9_]*)(\|[^{}|]*)?\Z")


def _quote(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def _where(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "文件顶层"


_TYPE_WORDS = {str: "文字", bool: "是或否（true/false）", int: "整数", list: "列表（[…]）",
               dict: "对象（{…}）", float: "数字"}


@dataclass
class _Report:
    """The problems found in one family file, each a Chinese sentence naming the file and the place."""

    source: str
    problems: list[str] = field(default_factory=list)

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(f"表式文件“{self.source}”中 {_where(path)}：{message}")


class _Structure:
    """Required keys, value types and fixed choices (what the JSON Schema says)."""

    def __init__(self, report: _Report) -> None:
        self.r = report

    def obj(self, value: Any, path: tuple[str | int, ...], required: Iterable[str],
            optional: Iterable[str], closed: bool = True) -> bool:
        if not isinstance(value, dict):
            self.r.add(path, f"应为{_TYPE_WORDS[dict]}")
            return False
        required = tuple(required)
        for key in required:
            if key not in value:
                self.r.add(path, f"缺少“{key}”")
        if closed:
            known = set(required) | set(optional)
            for key in value:
                if key not in known:
                    self.r.add((*path, str(key)), "不认识这一项（拼写有误，或本格式没有这一项）")
        return True

    def typed(self, value: dict, key: str, path: tuple[str | int, ...], kind: type | tuple[type, ...],
              *, choices: Iterable[Any] | None = None, nullable: bool = False) -> bool:
        if key not in value:
            return False
        item = value[key]
        if item is None and nullable:
            return False
        kinds = kind if isinstance(kind, tuple) else (kind,)
        ok = isinstance(item, kinds) and not (isinstance(item, bool) and bool not in kinds)
        if not ok:
            self.r.add((*path, key), f"应为{'或'.join(_TYPE_WORDS[k] for k in kinds)}")
            return False
        if choices is not None:
            choices = tuple(choices)
            if item not in choices:
                self.r.add((*path, key), f"“{_quote(item)}”不是可用的取值（可用：{'、'.join(map(str, choices))}）")
                return False
        return True

    def text(self, value: dict, key: str, path, *, choices=None, nonempty: bool = True) -> bool:
        if not self.typed(value, key, path, str, choices=choices):
            return False
        if nonempty and not value[key].strip():
            self.r.add((*path, key), "不能为空")
            return False
        return True

    def key(self, value: dict, path) -> None:
        if self.text(value, "key", path) and not KEY.match(value["key"]):
            self.r.add((*path, "key"), f"“{_quote(value['key'])}”不能作键名：只用小写英文字母、数字和下划线，以字母开头")

    def strings(self, value: dict, key: str, path, nonempty_list: bool = False) -> None:
        if not self.typed(value, key, path, list):
            return
        for i, item in enumerate(value[key]):
            if not isinstance(item, str):
                self.r.add((*path, key, i), f"应为{_TYPE_WORDS[str]}")
        if nonempty_list and not value[key]:
            self.r.add((*path, key), "不能是空列表")

    # ---- the parts

    def top(self, raw: Any) -> None:
        path: tuple = ()
        if not self.obj(raw, path, ("format", "version", "id", "name", "province", "document_title",
                                    "department", "vocabularies", "print"),
                        ("money_unit", "project", "checks")):
            return
        self.typed(raw, "format", path, str, choices=(FORMAT,))
        self.typed(raw, "version", path, int, choices=(VERSION,))
        for key in ("id", "name", "province", "document_title"):
            self.text(raw, key, path)
        self.typed(raw, "money_unit", path, str, choices=("万元", "元"))
        self.owner(raw.get("department"), ("department",), DEPARTMENT_ROLES, project=False)
        if raw.get("project") is not None:
            self.owner(raw["project"], ("project",), PROJECT_ROLES, project=True)
        if self.obj(raw.get("vocabularies"), ("vocabularies",), (), (), closed=False):
            vocabularies = raw["vocabularies"]
            if not vocabularies:
                self.r.add(("vocabularies",), "至少需要一套一级/二级指标词表")
            for name, vocabulary in vocabularies.items():
                if not self.obj(vocabulary, ("vocabularies", name), (), (), closed=False):
                    continue
                if not vocabulary:
                    self.r.add(("vocabularies", name), "词表是空的")
                for level1 in vocabulary:
                    self.strings(vocabulary, level1, ("vocabularies", name))
        if "checks" in raw and self.obj(raw["checks"], ("checks",), (), ("placeholders", "not_applicable")):
            checks = raw["checks"]
            self.strings(checks, "placeholders", ("checks",))
            if "not_applicable" in checks and self.obj(checks["not_applicable"], ("checks", "not_applicable"),
                                                       ("level3", "target"), ()):
                self.strings(checks["not_applicable"], "level3", ("checks", "not_applicable"))
                self.strings(checks["not_applicable"], "target", ("checks", "not_applicable"))
        self.print_(raw.get("print"))

    def owner(self, raw: Any, path, roles, project: bool) -> None:
        if not self.obj(raw, path, ("fields", "sections"), ("label", "required")):
            return
        if "label" in raw:
            self.text(raw, "label", path)
        self.typed(raw, "required", path, bool)
        if self.typed(raw, "fields", path, list):
            for i, item in enumerate(raw["fields"]):
                self.field(item, (*path, "fields", i), roles)
        if self.typed(raw, "sections", path, list):
            for i, item in enumerate(raw["sections"]):
                self.section(item, (*path, "sections", i), roles, project)

    _FIELD_KEYS = ("type", "role", "required", "print", "choices", "vocabulary", "width", "group")

    def field(self, raw: Any, path, roles, extra: Iterable[str] = (), column: bool = False) -> None:
        if not self.obj(raw, path, ("key", "label"), (*self._FIELD_KEYS, *extra)):
            return
        self.key(raw, path)
        self.text(raw, "label", path)
        self.typed(raw, "type", path, str, choices=TYPES)
        if "role" in raw and raw["role"] is not None:
            self.typed(raw, "role", path, str, choices=roles)
        self.typed(raw, "required", path, bool)
        if "print" in raw and raw["print"] not in (True, False, *ONLY):
            self.r.add((*path, "print"), "应为 true、false、\"word\" 或 \"excel\"（只在其中一种文件中打印）")
        if raw.get("choices") is not None:
            self.strings(raw, "choices", path)
        self.typed(raw, "vocabulary", path, str, nullable=True)
        self.typed(raw, "width", path, (int, float), nullable=True)
        self.typed(raw, "group", path, str, nullable=True)
        if raw.get("type") == "choice" and not raw.get("choices") and not raw.get("vocabulary"):
            self.r.add(path, "类型为“choice”（从列表选择）时需要“choices”或“vocabulary”")
        if column and "offset" in raw:
            if self.typed(raw, "offset", path, int) and not -20 <= raw["offset"] <= -1:
                self.r.add((*path, "offset"), "应为 -1 到 -20 之间的整数（往前第几年）")

    def section(self, raw: Any, path, roles, project: bool) -> None:
        if not isinstance(raw, dict):
            self.r.add(path, f"应为{_TYPE_WORDS[dict]}")
            return
        kinds = SECTION_KINDS if project else tuple(k for k in SECTION_KINDS if k != "plan")
        if "kind" not in raw:
            self.r.add(path, "缺少“kind”")
            return
        if not self.typed(raw, "kind", path, str, choices=kinds):
            return
        kind = raw["kind"]
        if kind == "field":
            self.field(raw, path, roles, extra=("kind",))
            return
        common = ("kind", "key", "label")
        if kind == "list":
            ok = self.obj(raw, path, (*common, "columns"), ("required", "stretch", "total"))
        elif kind == "indicators":
            ok = self.obj(raw, path, (*common, "columns", "vocabulary"),
                          ("required", "required_kinds", "weights", "level1_scores", "cost"))
        elif kind == "money":
            ok = self.obj(raw, path, (*common, "lines", "groups", "prior_years", "shares"),
                          ("required", "roles", "column_labels"))
        else:
            ok = self.obj(raw, path, (*common, "checkpoints"), ("required",))
        if not ok:
            return
        self.key(raw, path)
        self.text(raw, "label", path)
        self.typed(raw, "required", path, bool)
        if kind in ("list", "indicators") and self.typed(raw, "columns", path, list):
            if not raw["columns"]:
                self.r.add((*path, "columns"), "至少需要一列")
            for i, item in enumerate(raw["columns"]):
                self.field(item, (*path, "columns", i),
                           INDICATOR_ROLES if kind == "indicators" else (),
                           extra=("offset",), column=True)
        if kind == "list":
            self.typed(raw, "stretch", path, str)
            if raw.get("total") is not None and self.obj(raw["total"], (*path, "total"), ("label", "columns"), ()):
                self.text(raw["total"], "label", (*path, "total"))
                self.strings(raw["total"], "columns", (*path, "total"))
        elif kind == "indicators":
            self.text(raw, "vocabulary", path)
            if self.typed(raw, "required_kinds", path, list):
                for i, item in enumerate(raw["required_kinds"]):
                    p = (*path, "required_kinds", i)
                    if self.obj(item, p, ("label",), ("level1", "level2")):
                        self.text(item, "label", p)
                        self.strings(item, "level1", p)
                        self.strings(item, "level2", p)
                        if not item.get("level1") and not item.get("level2"):
                            self.r.add(p, "需要“level1”或“level2”（哪些一级或二级算作这一类）")
            if raw.get("weights") is not None and self.obj(raw["weights"], (*path, "weights"), ("total",), ("plus",)):
                self.typed(raw["weights"], "total", (*path, "weights"), (int, float))
                if "plus" in raw["weights"] and self.obj(raw["weights"]["plus"], (*path, "weights", "plus"),
                                                        (), (), closed=False):
                    for name in raw["weights"]["plus"]:
                        self.typed(raw["weights"]["plus"], name, (*path, "weights", "plus"), (int, float))
            if raw.get("level1_scores") is not None and self.obj(raw["level1_scores"], (*path, "level1_scores"),
                                                                 (), (), closed=False):
                for name, pair in raw["level1_scores"].items():
                    if not (isinstance(pair, list) and len(pair) == 2
                            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in pair)):
                        self.r.add((*path, "level1_scores", name), "应为两个数字组成的列表（最低分，最高分）")
            if raw.get("cost") is not None and self.obj(raw["cost"], (*path, "cost"), (), ("level1", "level2")):
                self.strings(raw["cost"], "level1", (*path, "cost"))
                self.strings(raw["cost"], "level2", (*path, "cost"))
        elif kind == "money":
            if self.typed(raw, "prior_years", path, int) and not 0 <= raw["prior_years"] <= 10:
                self.r.add((*path, "prior_years"), "应为 0 到 10 之间的整数")
            self.typed(raw, "shares", path, bool)
            if self.typed(raw, "lines", path, list):
                if not raw["lines"]:
                    self.r.add((*path, "lines"), "至少需要一行")
                for i, item in enumerate(raw["lines"]):
                    p = (*path, "lines", i)
                    if self.obj(item, p, ("key", "label"), ()):
                        self.key(item, p)
                        self.text(item, "label", p)
            if self.typed(raw, "groups", path, list):
                for i, item in enumerate(raw["groups"]):
                    p = (*path, "groups", i)
                    if self.obj(item, p, ("key", "label", "members", "total"), ()):
                        self.key(item, p)
                        self.text(item, "label", p)
                        self.strings(item, "members", p, nonempty_list=True)
                        self.text(item, "total", p)
            if "roles" in raw and self.obj(raw["roles"], (*path, "roles"), (), ("project_spending",)):
                self.typed(raw["roles"], "project_spending", (*path, "roles"), str, nullable=True)
            if "column_labels" in raw and self.obj(raw["column_labels"], (*path, "column_labels"), (),
                                                   ("amount", "share", "prior")):
                for key in ("amount", "share", "prior"):
                    self.typed(raw["column_labels"], key, (*path, "column_labels"), str)
        else:
            self.strings(raw, "checkpoints", path, nonempty_list=True)

    # ---- print: the keys this module reads are checked; a block may carry more (the print engine's)

    def print_(self, raw: Any) -> None:
        path = ("print",)
        if not self.obj(raw, path, ("blocks",), ("word", "excel"), closed=False):
            return
        if "word" in raw:
            self.obj(raw["word"], (*path, "word"), (), (), closed=False)
        if not self.typed(raw, "blocks", path, list):
            return
        for i, block in enumerate(raw["blocks"]):
            p = (*path, "blocks", i)
            if not self.obj(block, p, (), (), closed=False):
                continue
            kinds = [k for k in ("cover", "contents", "heading", "prose", "table") if k in block]
            if len(kinds) != 1:
                self.r.add(p, "每一块只能是 cover、contents、heading、prose、table 中的一种")
                continue
            self.typed(block, "only", p, str, choices=ONLY)
            self.typed(block, "each", p, str, choices=EACH)
            kind = kinds[0]
            if kind == "cover":
                if self.typed(block, "cover", p, list):
                    for j, line in enumerate(block["cover"]):
                        if self.obj(line, (*p, "cover", j), ("text",), (), closed=False):
                            self.typed(line, "text", (*p, "cover", j), str)
                            self.typed(line, "or", (*p, "cover", j), str)
            elif kind == "heading":
                self.typed(block, "heading", p, str)
                self.typed(block, "level", p, int)
            elif kind == "prose":
                if self.typed(block, "prose", p, list):
                    for j, item in enumerate(block["prose"]):
                        q = (*p, "prose", j)
                        if self.obj(item, q, (), (), closed=False):
                            self.typed(item, "heading", q, str)
                            self.typed(item, "field", q, str)
                            self.typed(item, "list", q, str)
                            self.typed(item, "run_in", q, str)
                            self.typed(item, "run_in_if", q, str, choices=("single", "numbered"))
                            if self.typed(item, "row", q, list):
                                for k, cell in enumerate(item["row"]):
                                    self.cell(cell, (*q, "row", k))
            elif kind == "table":
                self.table(block["table"], (*p, "table"))

    def table(self, raw: Any, path) -> None:
        if not self.obj(raw, path, ("columns", "rows"), (), closed=False):
            return
        self.typed(raw, "each", path, str, choices=EACH)
        self.typed(raw, "only", path, str, choices=ONLY)
        self.typed(raw, "orientation", path, str, choices=ORIENTATION)
        for key in ("title", "sheet", "kicker", "empty"):
            self.typed(raw, key, path, str)
        if self.typed(raw, "columns", path, list):
            if not raw["columns"]:
                self.r.add((*path, "columns"), "至少需要一列")
            for i, width in enumerate(raw["columns"]):
                if isinstance(width, bool) or not isinstance(width, (int, float)) or width <= 0:
                    self.r.add((*path, "columns", i), "应为正数（列宽比例）")
        if self.typed(raw, "captions", path, list):
            for i, caption in enumerate(raw["captions"]):
                q = (*path, "captions", i)
                if self.obj(caption, q, (), ("left", "center", "right")):
                    for key in ("left", "center", "right"):
                        self.typed(caption, key, q, str)
        if self.typed(raw, "notes", path, list):
            for i, note in enumerate(raw["notes"]):
                if not isinstance(note, str):
                    self.r.add((*path, "notes", i), f"应为{_TYPE_WORDS[str]}")
        if self.typed(raw, "rows", path, list):
            for i, row in enumerate(raw["rows"]):
                self.row(row, (*path, "rows", i))

    def row(self, raw: Any, path) -> None:
        if not self.obj(raw, path, (), (), closed=False):
            return
        kinds = [k for k in ("cells", "plan", "list", "rows_of", "money", "indicators") if k in raw]
        block_kinds = [k for k in kinds if k != "cells"]
        if len(block_kinds) > 1 or not kinds:
            self.r.add(path, "每一行只能是 cells、plan、list、rows_of、money、indicators 中的一种")
            return
        kind = block_kinds[0] if block_kinds else "cells"
        if kind in ("plan", "list", "money", "indicators"):
            self.text(raw, kind, path)
        if kind == "rows_of":
            self.typed(raw, "rows_of", path, str, choices=("projects",))
        if kind in ("cells", "list", "rows_of") and "cells" not in raw:
            self.r.add(path, "缺少“cells”")
        elif "cells" in raw and self.typed(raw, "cells", path, list):
            for i, cell in enumerate(raw["cells"]):
                self.cell(cell, (*path, "cells", i))
        for key in ("header",):
            if key in raw and isinstance(raw[key], list):
                for i, header_row in enumerate(raw[key]):
                    if not isinstance(header_row, list):
                        self.r.add((*path, key, i), f"应为{_TYPE_WORDS[list]}（一行表头的格子）")
                        continue
                    for j, cell in enumerate(header_row):
                        self.cell(cell, (*path, key, i, j))
        if "spans" in raw and self.obj(raw["spans"], (*path, "spans"), (), (), closed=False):
            for key, span in raw["spans"].items():
                if isinstance(span, bool) or not isinstance(span, int) or span < 1:
                    self.r.add((*path, "spans", key), "应为正整数（占几列）")
        if "groups" in raw and self.typed(raw, "groups", path, list):
            for i, group in enumerate(raw["groups"]):
                q = (*path, "groups", i)
                if self.obj(group, q, ("label", "columns"), ()):
                    self.typed(group, "label", q, str)
                    self.strings(group, "columns", q, nonempty_list=True)
        if "merge" in raw:
            self.strings(raw, "merge", path)
        self.typed(raw, "label", path, str)

    def cell(self, raw: Any, path) -> None:
        if not self.obj(raw, path, (), (), closed=False):
            return
        for key in ("span", "rows", "last_span"):
            if key in raw and (isinstance(raw[key], bool) or not isinstance(raw[key], int) or raw[key] < 1):
                self.r.add((*path, key), "应为正整数")
        self.typed(raw, "align", path, str, choices=ALIGN)
        self.typed(raw, "serial", path, str, choices=SERIALS)
        self.typed(raw, "part", path, str, choices=("group", "line", "amount", "share", "prior"))
        self.typed(raw, "scope", path, str, choices=("department", "project"))
        for key in ("label", "text", "field", "or", "money", "column", "number", "format", "suffix", "lead"):
            self.typed(raw, key, path, str)
        if "lines" in raw and self.typed(raw, "lines", path, list):
            for i, part in enumerate(raw["lines"]):
                q = (*path, "lines", i)
                if self.obj(part, q, ("text",), ("lead",)):
                    self.typed(part, "text", q, str)
                    self.typed(part, "lead", q, str)
        if "money" in raw and isinstance(raw["money"], str):
            line, _, part = raw["money"].partition(".")
            if not part or not (part in MONEY_PARTS or re.fullmatch(r"prior\d+", part)):
                self.r.add((*path, "money"), f"“{_quote(raw['money'])}”应写成“行键名.amount”（或 .share、.label、.prior0…）")


# ---------------------------------------------------------------- cross-checks


def _entries(owner: dict | None) -> dict[str, dict]:
    found: dict[str, dict] = {}
    if not isinstance(owner, dict):
        return found
    for item in [*owner.get("fields", []), *owner.get("sections", [])]:
        if isinstance(item, dict) and isinstance(item.get("key"), str):
            found.setdefault(item["key"], item)
    return found


class _Cross:
    def __init__(self, raw: dict, report: _Report) -> None:
        self.raw = raw
        self.r = report
        self.owners = {"department": raw.get("department"), "project": raw.get("project")}
        self.entries = {name: _entries(o) for name, o in self.owners.items()}
        # what is printed, per target: (owner, key) and (owner, section, column) / money line
        self.printed: dict[str, set[tuple[str, ...]]] = {"word": set(), "excel": set()}

    def run(self) -> None:
        for name, owner in self.owners.items():
            if isinstance(owner, dict):
                self.owner(name, owner)
        self.print_()
        self.every_printed()

    # ---- definitions

    def owner(self, name: str, owner: dict) -> None:
        seen: dict[str, tuple] = {}
        roles: dict[str, tuple] = {}
        items = [(("fields", i), f) for i, f in enumerate(owner["fields"])] + \
                [(("sections", i), s) for i, s in enumerate(owner["sections"])]
        for where, item in items:
            path = (name, *where)
            key = item["key"]
            if key in seen:
                self.r.add((*path, "key"), f"键名“{key}”与 {_where(seen[key])} 重复")
            seen.setdefault(key, path)
            role = item.get("role")
            if role and item.get("kind", "field") == "field":
                if role in roles:
                    self.r.add((*path, "role"), f"角色“{role}”已由 {_where(roles[role])} 担任，每个角色只能有一项")
                roles.setdefault(role, path)
            kind = item.get("kind")
            if kind in ("list", "indicators"):
                self.columns(path, item)
            if kind == "indicators":
                self.indicators(path, item)
            if kind == "money":
                self.money(path, item)
            if kind == "list" and item.get("total"):
                keys = {c["key"] for c in item["columns"]}
                for i, column in enumerate(item["total"]["columns"]):
                    if column not in keys:
                        self.r.add((*path, "total", "columns", i), f"“{column}”不是这个列表的列")
            self.vocabulary_ref(path, item)
        money_sections = [s for s in owner["sections"] if s.get("kind") == "money"]
        if len(money_sections) > 1:
            self.r.add((name, "sections"), "一个部门只能有一张资金表（money）")

    def vocabulary_ref(self, path, item: dict) -> None:
        name = item.get("vocabulary")
        if isinstance(name, str) and name not in self.raw["vocabularies"]:
            self.r.add((*path, "vocabulary"), f"没有名为“{name}”的词表（vocabularies 中有：{'、'.join(self.raw['vocabularies'])}）")

    def columns(self, path, section: dict) -> None:
        seen: dict[str, int] = {}
        roles: dict[str, int] = {}
        offsets: dict[int, int] = {}
        for i, column in enumerate(section["columns"]):
            key = column["key"]
            if key in seen:
                self.r.add((*path, "columns", i, "key"), f"键名“{key}”与第 {seen[key] + 1} 列重复")
            seen.setdefault(key, i)
            role = column.get("role")
            if role and role != "history":
                if role in roles:
                    self.r.add((*path, "columns", i, "role"), f"角色“{role}”已由第 {roles[role] + 1} 列担任")
                roles.setdefault(role, i)
            if role == "history":
                offset = column.get("offset")
                if not isinstance(offset, int):
                    self.r.add((*path, "columns", i), "角色为“history”（往年值）的列需要“offset”（-1 为上年）")
                elif offset in offsets:
                    self.r.add((*path, "columns", i, "offset"), f"往年 {offset} 已由第 {offsets[offset] + 1} 列填写")
                else:
                    offsets[offset] = i
            elif "offset" in column:
                self.r.add((*path, "columns", i, "offset"), "只有角色为“history”的列才有“offset”")
            self.vocabulary_ref((*path, "columns", i), column)

    def indicators(self, path, table: dict) -> None:
        roles = {c.get("role") for c in table["columns"]}
        for needed in ("level1", "level3"):
            if needed not in roles:
                self.r.add((*path, "columns"), f"指标表需要一列角色为“{needed}”")
        if "target" in roles and "number" in roles:
            self.r.add((*path, "columns"), "指标值要么是一列“target”，要么拆成“comparator”“number”“unit”，不能两者都有")
        if "target" not in roles and "number" not in roles:
            self.r.add((*path, "columns"), "指标表需要一列角色为“target”（指标值），或拆分的“number”列")
        for role in ("comparator", "unit"):
            if role in roles and "number" not in roles:
                self.r.add((*path, "columns"), f"有“{role}”列时需要角色为“number”的列")
        if "weights" in table and table["weights"] is not None and "weight" not in roles:
            self.r.add((*path, "weights"), "有“weights”（权重合计）时需要一列角色为“weight”")
        vocabulary = self.raw["vocabularies"].get(table["vocabulary"])
        if not isinstance(vocabulary, dict):
            return
        level1 = set(vocabulary)
        level2 = {w for words in vocabulary.values() if isinstance(words, list) for w in words}
        for i, kind in enumerate(table.get("required_kinds") or []):
            for word in kind.get("level1", []):
                if word not in level1:
                    self.r.add((*path, "required_kinds", i, "level1"), f"一级指标“{word}”不在词表“{table['vocabulary']}”中")
            for word in kind.get("level2", []):
                if word not in level2:
                    self.r.add((*path, "required_kinds", i, "level2"), f"二级指标“{word}”不在词表“{table['vocabulary']}”中")
        cost = table.get("cost") or {}
        for word in cost.get("level1", []):
            if word not in level1:
                self.r.add((*path, "cost", "level1"), f"一级指标“{word}”不在词表“{table['vocabulary']}”中")
        for word in cost.get("level2", []):
            if word not in level2:
                self.r.add((*path, "cost", "level2"), f"二级指标“{word}”不在词表“{table['vocabulary']}”中")
        for word in (table.get("level1_scores") or {}):
            if word not in level1:
                self.r.add((*path, "level1_scores", word), f"一级指标“{word}”不在词表“{table['vocabulary']}”中")

    def money(self, path, money: dict) -> None:
        keys: dict[str, int] = {}
        for i, line in enumerate(money["lines"]):
            if line["key"] in keys:
                self.r.add((*path, "lines", i, "key"), f"键名“{line['key']}”与第 {keys[line['key']] + 1} 行重复")
            keys.setdefault(line["key"], i)
        for i, group in enumerate(money["groups"]):
            for j, member in enumerate(group["members"]):
                if member not in keys:
                    self.r.add((*path, "groups", i, "members", j), f"“{member}”不是资金表中的行（lines 中没有这个键名）")
            if group["total"] not in keys:
                self.r.add((*path, "groups", i, "total"), f"“{group['total']}”不是资金表中的行（lines 中没有这个键名）")
        spending = (money.get("roles") or {}).get("project_spending")
        if spending is not None and spending not in keys:
            self.r.add((*path, "roles", "project_spending"), f"“{spending}”不是资金表中的行（lines 中没有这个键名）")

    # ---- print

    def print_(self) -> None:
        for i, block in enumerate(self.raw["print"]["blocks"]):
            path = ("print", "blocks", i)
            targets = (block["only"],) if block.get("only") in ONLY else ONLY
            each = block.get("each", "document")
            if "cover" in block:
                for j, line in enumerate(block["cover"]):
                    for key in ("text", "or"):
                        self.template(line.get(key, ""), (*path, "cover", j, key), each, targets)
            elif "heading" in block:
                self.template(block["heading"], (*path, "heading"), each, targets)
            elif "prose" in block:
                self.prose(block, path, each, targets)
            elif "table" in block:
                table = block["table"]
                targets = (table["only"],) if table.get("only") in ONLY else targets
                self.table(table, (*path, "table"), table.get("each", each), targets)

    def _owner_of(self, each: str) -> str:
        return "project" if each == "project" else "department"

    def _entry(self, owner: str, key: str) -> dict | None:
        return self.entries.get(owner, {}).get(key)

    def mark(self, targets, *item: str) -> None:
        for target in targets:
            self.printed[target].add(item)

    def ref(self, key: str, path, owner: str, targets, *, what: str = "field", printed: bool = True) -> dict | None:
        entry = self._entry(owner, key)
        if entry is None or (what == "field" and entry.get("kind", "field") != "field"):
            owner_label = "项目" if owner == "project" else "部门"
            if entry is None:
                self.r.add(path, f"“{key}”不是{owner_label}中定义的项")
            else:
                self.r.add(path, f"“{key}”是{owner_label}中的一节，不是一项可填的值")
            return None
        if printed:
            self.mark(targets, owner, key)
        return entry

    def template(self, text: str, path, each: str, targets, columns: dict[str, dict] | None = None,
                 list_key: str | None = None) -> None:
        if not isinstance(text, str):
            return
        stripped = _TEMPLATE_TOKEN.sub("", text)
        if "{" in stripped or "}" in stripped:
            self.r.add(path, f"“{_quote(text)}”中的花括号不配对")
            return
        owner = self._owner_of(each)
        for token in _TEMPLATE_TOKEN.findall(text):
            if _SIMPLE.match(token):
                continue
            match = _SCOPED.match(token)
            if not match:
                self.r.add(path, f"“{{{token}}}”不是可用的占位符（可用：{{year}} {{year-1}} {{unit}} {{title}} "
                                 "{n} {cn} {dept:键名} {f:键名} {c:键名} {label:键名} {nf:键名}）")
                continue
            space, key = match.group(1), match.group(2)
            if space == "dept":
                self.ref(key, path, "department", targets)
            elif space in ("f", "nf"):
                if each == "document":
                    self.r.add(path, f"“{{{token}}}”只能用在 each 为 department 或 project 的块中")
                else:
                    self.ref(key, path, owner, targets)
            elif space == "c":
                if columns is None:
                    self.r.add(path, f"“{{{token}}}”只能用在列表（list）的行中")
                elif key not in columns:
                    self.r.add(path, f"“{key}”不是列表“{list_key}”的列")
                else:
                    self.mark(targets, owner, list_key or "", key)
            elif space == "label":
                if self._entry(owner, key) is None and not (columns and key in columns):
                    self.r.add(path, f"“{key}”不是{'项目' if owner == 'project' else '部门'}中定义的项，取不到它的名称")

    def section(self, key: str, path, owner: str, kind: str) -> dict | None:
        entry = self._entry(owner, key)
        if entry is None or entry.get("kind") != kind:
            words = {"list": "列表（list）", "indicators": "指标表（indicators）", "money": "资金表（money）",
                     "plan": "资金支出计划（plan）"}
            self.r.add(path, f"“{key}”不是{'项目' if owner == 'project' else '部门'}中的{words[kind]}")
            return None
        return entry

    def prose(self, block: dict, path, each: str, targets) -> None:
        owner = self._owner_of(each)
        for j, item in enumerate(block["prose"]):
            q = (*path, "prose", j)
            columns = None
            if "field" in item:
                self.ref(item["field"], (*q, "field"), owner, targets)
            if "list" in item:
                section = self.section(item["list"], (*q, "list"), owner, "list")
                columns = {c["key"]: c for c in section["columns"]} if section else {}
            self.template(item.get("heading", ""), (*q, "heading"), each, targets, columns, item.get("list"))
            for k, cell in enumerate(item.get("row", [])):
                for key in ("text", "number"):
                    if key in cell:
                        self.template(cell[key], (*q, "row", k, key), each, targets, columns, item.get("list"))

    def table(self, table: dict, path, each: str, targets) -> None:
        width = len(table["columns"])
        for key in ("title", "sheet", "kicker", "empty"):
            self.template(table.get(key, ""), (*path, key), each, targets)
        for i, caption in enumerate(table.get("captions", [])):
            for key in ("left", "center", "right"):
                self.template(caption.get(key, ""), (*path, "captions", i, key), each, targets)
        covered: dict[int, int] = {}        # grid column → rows still covered from above
        for i, row in enumerate(table["rows"]):
            q = (*path, "rows", i)
            if "indicators" in row or "plan" in row or "money" in row or "list" in row or "rows_of" in row:
                if covered:
                    self.r.add(q, "上面的格子跨行（rows）伸进了这一块，跨行不能越过表中的一块")
                    covered = {}
            if "cells" in row and not any(k in row for k in ("list", "rows_of", "money", "indicators", "plan")):
                if "if" in row:
                    self.ref(row["if"], (*q, "if"), self._owner_of(each), targets, printed=False)
                covered = self.cells(row["cells"], q, each, targets, width, covered)
            elif "rows_of" in row:
                if each == "project":
                    self.r.add(q, "“rows_of”只能用在 each 为 department 或 document 的表中")
                self.cells(row["cells"], q, "project", targets, width, {})
            elif "plan" in row:
                self.section(row["plan"], (*q, "plan"), self._owner_of(each), "plan") and \
                    self.mark(targets, self._owner_of(each), row["plan"])
                self.template(row.get("label", ""), (*q, "label"), each, targets)
                if width < 2:
                    self.r.add(q, "资金支出计划至少需要两列（名称和各时间点）")
            elif "list" in row:
                self.list_block(row, q, each, targets, width)
            elif "money" in row:
                self.money_block(row, q, each, targets, width)
            elif "indicators" in row:
                self.indicator_block(row, q, each, targets, width)
        if covered:
            self.r.add((*path, "rows"), "最后一行的格子跨行（rows）超出了表格")

    def cells(self, cells: list, path, each: str, targets, width: int, covered: dict[int, int],
              columns: dict[str, dict] | None = None, list_key: str | None = None,
              first: int = 0) -> dict[int, int]:
        """Places a row's cells by the HTML rule; returns the columns covered in the next row."""
        owner = self._owner_of(each)
        col = first
        below: dict[int, int] = {c: n - 1 for c, n in covered.items() if n > 1}
        for k, cell in enumerate(cells):
            p = (*path, "cells", k)
            while col in covered:
                col += 1
            span = cell.get("span", 1) if isinstance(cell.get("span"), int) else 1
            rows = cell.get("rows", 1) if isinstance(cell.get("rows"), int) else 1
            if any(c in covered for c in range(col, col + span)):
                self.r.add(p, "这一格与上面跨行（rows）的格子重叠")
            if rows > 1:
                for c in range(col, col + span):
                    below[c] = rows - 1
            col += span
            self.cell(cell, p, owner, each, targets, columns, list_key)
        while col in covered:
            col += 1
        if col != width:
            self.r.add(path, f"这一行占 {col - first} 列，而这里有 {width - first} 列（表格共 {width} 列，见 columns）")
        return below

    def cell(self, cell: dict, path, owner: str, each: str, targets, columns, list_key) -> None:
        scope = cell.get("scope", owner) if cell.get("scope") in ("department", "project") else owner
        if "field" in cell:
            self.ref(cell["field"], (*path, "field"), scope, targets)
        if "or" in cell:
            self.ref(cell["or"], (*path, "or"), scope, targets)
        if "label" in cell and isinstance(cell["label"], str):
            if self._entry(scope, cell["label"]) is None and not (columns and cell["label"] in columns):
                self.r.add((*path, "label"), f"“{cell['label']}”不是{'项目' if scope == 'project' else '部门'}中定义的项，取不到它的名称")
        if "column" in cell:
            if columns is None:
                self.r.add((*path, "column"), "“column”只能用在列表（list）的行中")
            elif cell["column"] not in columns:
                self.r.add((*path, "column"), f"“{cell['column']}”不是列表“{list_key}”的列")
            else:
                self.mark(targets, owner, list_key or "", cell["column"])
        if "money" in cell and isinstance(cell["money"], str):
            line = cell["money"].partition(".")[0]
            money = next((s for s in self.owners["department"]["sections"] if s.get("kind") == "money"), None)
            if money is None or line not in {x["key"] for x in money["lines"]}:
                self.r.add((*path, "money"), f"“{line}”不是资金表中的行")
            elif not cell["money"].endswith(".label"):
                self.mark(targets, "department", money["key"], line)
        for key in ("text", "number"):      # "format" has its own {label} {value} {unit}
            if key in cell:
                self.template(cell[key], (*path, key), each, targets, columns, list_key)
        for i, part in enumerate(cell.get("lines") or ()):
            self.template(part.get("text", ""), (*path, "lines", i, "text"), each, targets, columns, list_key)

    def list_block(self, row: dict, path, each: str, targets, width: int) -> None:
        owner = self._owner_of(each)
        section = self.section(row["list"], (*path, "list"), owner, "list")
        if section is None:
            return
        columns = {c["key"]: c for c in section["columns"]}
        first = 1 if row.get("label") else 0
        self.template(row.get("label", ""), (*path, "label"), each, targets, columns, row["list"])
        if "cells" in row:
            self.cells(row["cells"], path, each, targets, width, {}, columns, row["list"], first)

    def money_block(self, row: dict, path, each: str, targets, width: int) -> None:
        section = self.section(row["money"], (*path, "money"), "department", "money")
        if section is None:
            return
        first = 1 if row.get("label") else 0
        self.template(row.get("label", ""), (*path, "label"), each, targets)
        for line in section["lines"]:
            self.mark(targets, "department", section["key"], line["key"])
        prior = section["prior_years"] if isinstance(section.get("prior_years"), int) else 0

        def expand(cells: list) -> list:
            out = []
            for cell in cells:
                if cell.get("part") == "prior":
                    for j in range(prior):
                        last = j == prior - 1
                        out.append({"span": cell.get("last_span", 1) if last else 1})
                elif cell.get("part") == "share" and not section.get("shares"):
                    continue
                else:
                    out.append(cell)
            return out

        covered: dict[int, int] = {}
        for i, header in enumerate(row.get("header") or []):
            covered = self.cells(expand(header), (*path, "header", i), each, targets, width, covered, first=first)
            covered = {c: n for c, n in covered.items()}
        if covered:
            self.r.add((*path, "header"), "表头的格子跨行（rows）超出了表头")
        if "cells" in row:
            self.cells(expand(row["cells"]), path, each, targets, width, {}, first=first)

    def indicator_block(self, row: dict, path, each: str, targets, width: int) -> None:
        owner = self._owner_of(each)
        section = self.section(row["indicators"], (*path, "indicators"), owner, "indicators")
        if section is None:
            return
        self.template(row.get("label", ""), (*path, "label"), each, targets)
        keys = [c["key"] for c in section["columns"]]
        for key in keys:
            self.mark(targets, owner, section["key"], key)
        spans = row.get("spans") or {}
        for key in spans:
            if key not in keys:
                self.r.add((*path, "spans", key), f"“{key}”不是指标表“{section['key']}”的列")
        for key in row.get("merge") or []:
            if key not in keys:
                self.r.add((*path, "merge"), f"“{key}”不是指标表“{section['key']}”的列")
        for i, group in enumerate(row.get("groups") or []):
            for key in group.get("columns", []):
                if key not in keys:
                    self.r.add((*path, "groups", i, "columns"), f"“{key}”不是指标表“{section['key']}”的列")
        first = 1 if row.get("label") else 0
        used = first + sum(spans.get(k, 1) if isinstance(spans.get(k, 1), int) else 1 for k in keys)
        if used != width:
            labels = "、".join(c["label"] for c in section["columns"])
            self.r.add(path, f"指标表“{section['label']}”的 {len(keys)} 列（{labels}）"
                             f"{'连同左边的名称格' if first else ''}占 {used} 列，而表格共 {width} 列："
                             "每一列都要打印，请调整 columns 或 spans")
        covered: dict[int, int] = {}
        columns = {c["key"]: c for c in section["columns"]}     # a heading may name a column: {"label": "level2"}
        for i, header in enumerate(row.get("header") or []):
            covered = self.cells(header, (*path, "header", i), each, targets, width, covered, columns,
                                 section["key"], first=first)
        if covered:
            self.r.add((*path, "header"), "表头的格子跨行（rows）超出了表头")

    # ---- every declared item is printed

    def every_printed(self) -> None:
        for name, owner in self.owners.items():
            if not isinstance(owner, dict):
                continue
            items = [(("fields", i), f) for i, f in enumerate(owner["fields"])] + \
                    [(("sections", i), s) for i, s in enumerate(owner["sections"])]
            for where, item in items:
                path = (name, *where)
                kind = item.get("kind", "field")
                if kind in ("field", "plan"):
                    if item.get("print", True):
                        self.missing(path, item["label"], (name, item["key"]), item.get("print", True))
                elif kind in ("list", "indicators"):
                    for i, column in enumerate(item["columns"]):
                        if column.get("print", True):
                            self.missing((*path, "columns", i), f"{item['label']} › {column['label']}",
                                         (name, item["key"], column["key"]))
                elif kind == "money":
                    for i, line in enumerate(item["lines"]):
                        self.missing((*path, "lines", i), f"{item['label']} › {line['label']}",
                                     (name, item["key"], line["key"]))

    def missing(self, path, label: str, item: tuple[str, ...], where: bool | str = True) -> None:
        """A message when ``item`` is not printed in every target its ``print`` names (``"word"``
        or ``"excel"``: printed in that one only)."""
        wanted = (where,) if where in ONLY else ONLY
        absent = [target for target in wanted if item not in self.printed[target]]
        if absent:
            where = " 和 ".join({"word": "Word", "excel": "Excel"}[t] for t in absent)
            self.r.add(path, f"“{label}”在 {where} 中没有打印：请在 print 中打印它，"
                             "或标上 \"print\": false（只在编辑器中填写）")


def check(raw: Any, source: str) -> list[str]:
    """Every problem of one family file, in Chinese, naming ``source`` and the key; [] if none."""
    report = _Report(source)
    _Structure(report).top(raw)
    if report.problems:
        return report.problems
    try:
        _Cross(raw, report).run()
    except (KeyError, TypeError, AttributeError, ValueError) as error:   # a shape the structure check let by
        report.add((), f"无法读懂这个文件的结构（{_quote(error)}）")
    return report.problems
