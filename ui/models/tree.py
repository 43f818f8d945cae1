"""The document tree: 部门 → 部门整体绩效目标 (its sections) and 项目 → 指标; a project form with
several indicator tables lists each table under the project (项目 → 表 → 指标).

Each index's internal id packs the node's kind with its ancestors' positions (the row is the
node's own position), so indexes need no Python objects. Indicator rows are inserted and
removed with row signals; inserting, removing or moving projects resets the model, after which
the window re-selects the node it showed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from desktop.edits import INDICATORS, PROJECTS, ListRef, rows_of
from desktop.model import Indicator
from desktop.rules import Location, Problem
from ui import checking, rowops
from ui.checking import ProblemIndex
from ui.session import EditSession

Index = QModelIndex | QPersistentModelIndex
DEPT, PART, SECTION, DEPT_INDICATOR, PROJECTS_GROUP, PROJECT, INDICATOR, PROJECT_TABLE = range(1, 9)
_TABLE_BITS = 8     # an indicator row under a project table packs (project << 8 | table) as its parent
_PROJECT_MIME = "application/x-jixiao-projects"


@dataclass(frozen=True)
class Node:
    """What a tree index shows. ``section`` is an index into the department's sections; for a
    ``PROJECT_TABLE`` and its ``INDICATOR`` rows, an index into the project's indicator tables
    (None for an indicator of a form with one project table, listed under the project itself)."""

    kind: int
    dept: int
    section: int | None = None
    project: int | None = None
    row: int | None = None


def _pack(kind: int, dept: int, parent_row: int = 0) -> int:
    return kind | (dept << 4) | (parent_row << 20)


def _unpack(value: int) -> tuple[int, int, int]:
    return value & 0xF, (value >> 4) & 0xFFFF, value >> 20


class DocumentTreeModel(QAbstractItemModel):
    def __init__(self, session: EditSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.family = session.family
        assert self.family.department is not None
        self.sections = self.family.department.sections    # Node.section indexes these
        project = self.family.project
        tables = [sec.key for sec in project.sections if sec.kind == "indicators"] if project is not None else []
        self.project_tables = tables or [INDICATORS]   # Node.section of a PROJECT_TABLE indexes these
        self.project_table = self.project_tables[0]
        self.table_labels = [sec.label for sec in project.sections if sec.kind == "indicators"] if project else []
        self.grouped = len(self.project_tables) > 1     # a node per table under each project
        self._marks: dict[Node, list[Problem]] = {}
        # What each project's group of problems marks, kept by the group's identity (ProblemIndex.groups)
        self._group_marks: dict[int, tuple[list[Problem], dict[Node, list[Problem]]]] = {}
        self._fresh_marks: dict[Node, list[Problem]] = {}
        self._nodes_cache: dict[Location, list[Node]] = {}   # nodes_for depends on the location alone
        session.valuesChanged.connect(self._values_changed)
        session.rowsAboutToBeInserted.connect(self._about_to_insert)
        session.rowsInserted.connect(self._inserted)
        session.rowsAboutToBeRemoved.connect(self._about_to_remove)
        session.rowsRemoved.connect(self._removed)

    # ------------------------------------------------------------ structure

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        kind, dept, parent_row = _unpack(index.internalId())
        row = index.row()
        if kind == DEPT:
            return Node(DEPT, row)
        if kind in (PART, PROJECTS_GROUP):
            return Node(kind, dept)
        if kind == SECTION:
            return Node(SECTION, dept, section=row)
        if kind == DEPT_INDICATOR:
            return Node(DEPT_INDICATOR, dept, section=parent_row, row=row)
        if kind == PROJECT:
            return Node(PROJECT, dept, project=row)
        if kind == PROJECT_TABLE:
            return Node(PROJECT_TABLE, dept, section=row, project=parent_row)
        if self.grouped:
            return Node(INDICATOR, dept, section=parent_row & ((1 << _TABLE_BITS) - 1),
                        project=parent_row >> _TABLE_BITS, row=row)
        return Node(INDICATOR, dept, project=parent_row, row=row)

    def index_of(self, node: Node) -> QModelIndex:
        if node.kind == DEPT:
            return self.createIndex(node.dept, 0, _pack(DEPT, 0))
        if node.kind == PART:
            return self.createIndex(0, 0, _pack(PART, node.dept))
        if node.kind == PROJECTS_GROUP:
            return self.createIndex(1, 0, _pack(PROJECTS_GROUP, node.dept))
        if node.kind == SECTION:
            return self.createIndex(node.section or 0, 0, _pack(SECTION, node.dept))
        if node.kind == DEPT_INDICATOR:
            return self.createIndex(node.row or 0, 0, _pack(DEPT_INDICATOR, node.dept, node.section or 0))
        if node.kind == PROJECT:
            return self.createIndex(node.project or 0, 0, _pack(PROJECT, node.dept))
        if node.kind == PROJECT_TABLE:
            return self.createIndex(node.section or 0, 0, _pack(PROJECT_TABLE, node.dept, node.project or 0))
        if self.grouped:
            above = (node.project or 0) << _TABLE_BITS | (node.section or 0)
            return self.createIndex(node.row or 0, 0, _pack(INDICATOR, node.dept, above))
        return self.createIndex(node.row or 0, 0, _pack(INDICATOR, node.dept, node.project or 0))

    def _parent_node(self, node: Node) -> Node | None:
        if node.kind == DEPT:
            return None
        if node.kind in (PART, PROJECTS_GROUP):
            return Node(DEPT, node.dept)
        if node.kind == SECTION:
            return Node(PART, node.dept)
        if node.kind == DEPT_INDICATOR:
            return Node(SECTION, node.dept, section=node.section)
        if node.kind == PROJECT:
            return Node(PROJECTS_GROUP, node.dept)
        if node.kind == INDICATOR and self.grouped:
            return Node(PROJECT_TABLE, node.dept, section=node.section or 0, project=node.project)
        return Node(PROJECT, node.dept, project=node.project)

    def _children(self, node: Node | None) -> int:
        doc = self.session.doc
        if node is None:
            return len(doc.departments)
        if node.kind == DEPT:
            return 2 if self.family.has_projects else 1
        if node.kind == PART:
            return len(self.sections)
        if node.kind == SECTION:
            section = self.sections[node.section or 0]
            return len(rows_of(doc, ListRef(node.dept, None, section.key))) if section.kind == "indicators" else 0
        if node.kind == PROJECTS_GROUP:
            return len(doc.departments[node.dept].projects)
        if node.kind == PROJECT:
            if self.grouped:
                return len(self.project_tables)
            return len(rows_of(doc, ListRef(node.dept, node.project or 0, self.project_table)))
        if node.kind == PROJECT_TABLE:
            return len(rows_of(doc, ListRef(node.dept, node.project or 0, self.project_tables[node.section or 0])))
        return 0

    def _child(self, parent: Node | None, row: int) -> Node:
        if parent is None:
            return Node(DEPT, row)
        if parent.kind == DEPT:
            return Node(PART if row == 0 else PROJECTS_GROUP, parent.dept)
        if parent.kind == PART:
            return Node(SECTION, parent.dept, section=row)
        if parent.kind == SECTION:
            return Node(DEPT_INDICATOR, parent.dept, section=parent.section, row=row)
        if parent.kind == PROJECTS_GROUP:
            return Node(PROJECT, parent.dept, project=row)
        if parent.kind == PROJECT and self.grouped:
            return Node(PROJECT_TABLE, parent.dept, section=row, project=parent.project)
        if parent.kind == PROJECT_TABLE:
            return Node(INDICATOR, parent.dept, section=parent.section, project=parent.project, row=row)
        return Node(INDICATOR, parent.dept, project=parent.project, row=row)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0 or row >= self.rowCount(parent):
            return QModelIndex()
        return self.index_of(self._child(self.node(parent), row))

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        above = self._parent_node(node) if node else None
        return self.index_of(above) if above else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return self._children(self.node(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    # ------------------------------------------------------------ data

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole):
            severity = checking.worst(self._problems(node))
            if severity is None:
                return None
            if role == Qt.ItemDataRole.DecorationRole:
                return checking.severity_icon(severity)
            return checking.FOREGROUND[severity] if severity is not checking.Severity.INFO else None
        return None

    def _indicator(self, node: Node) -> Indicator:
        if node.kind == INDICATOR:
            ref = ListRef(node.dept, node.project or 0, self.table_key(node))
        else:
            ref = ListRef(node.dept, None, self.sections[node.section or 0].key)
        return rows_of(self.session.doc, ref)[node.row or 0]

    def table_key(self, node: Node) -> str:
        """The key of the project table a PROJECT_TABLE or INDICATOR node is in."""
        return self.project_tables[node.section or 0]

    def _text(self, node: Node) -> str:
        dept = self.session.doc.departments[node.dept]
        if node.kind == DEPT:
            return " ".join(x for x in (dept.unit_code, dept.unit_name) if x) or "（未填写单位名称）"
        if node.kind == PART:
            return "部门整体绩效目标"
        if node.kind == SECTION:
            return self.sections[node.section or 0].label
        if node.kind == PROJECTS_GROUP:
            return f"{self.family.project_label}（{len(dept.projects)}）"
        if node.kind == PROJECT:
            name = dept.projects[node.project or 0].name
            return f"{(node.project or 0) + 1}. {name or '（未填写名称）'}"
        if node.kind == PROJECT_TABLE:
            return self.table_labels[node.section or 0]
        return self._indicator(node).level3 or "（未填写三级指标）"

    def _tooltip(self, node: Node) -> str | None:
        problems = self._problems(node)
        if node.kind in (INDICATOR, DEPT_INDICATOR):
            ind = self._indicator(node)
            path = " › ".join(x for x in (ind.level1, ind.level2, ind.level3) if x)
            text = f"{path}\n指标值：{ind.target}" if ind.target else path
            return f"{text}\n{checking.tooltip(problems)}" if problems else text or None
        if node.kind == PROJECT:
            name = self.session.doc.departments[node.dept].projects[node.project or 0].name
            return f"{name}\n{checking.tooltip(problems)}" if problems else name or None
        return checking.tooltip(problems) if problems and node.kind in (SECTION, PROJECT_TABLE) else None

    def _problems(self, node: Node) -> list[Problem]:
        return self._marks.get(node, [])

    def nodes_for(self, loc: Location) -> list[Node]:
        """The nodes showing a location: the project or section, then its indicator row if any."""
        if loc.project is not None:
            nodes = [Node(PROJECT, loc.dept, project=loc.project)]
            table = self._project_table_of(loc.table)
            if table is not None and self.grouped:
                nodes.append(Node(PROJECT_TABLE, loc.dept, section=table, project=loc.project))
            if table is not None and loc.row is not None:
                nodes.append(Node(INDICATOR, loc.dept, section=table if self.grouped else None,
                                  project=loc.project, row=loc.row))
            return nodes
        if loc.field == "special_total" or loc.table == PROJECTS:
            return [Node(PROJECTS_GROUP, loc.dept)]
        key = loc.table or loc.field
        section = next((i for i, sec in enumerate(self.sections) if key == sec.key), None)
        if section is None:
            return [Node(PART, loc.dept)]
        nodes = [Node(SECTION, loc.dept, section=section)]
        if self.sections[section].kind == "indicators" and loc.row is not None:
            nodes.append(Node(DEPT_INDICATOR, loc.dept, section=section, row=loc.row))
        return nodes

    def _marked(self, problems: list[Problem]) -> dict[Node, list[Problem]]:
        part: dict[Node, list[Problem]] = {}
        nodes_cache = self._nodes_cache
        for problem in problems:
            nodes = nodes_cache.get(problem.location)
            if nodes is None:
                nodes = nodes_cache[problem.location] = self.nodes_for(problem.location)
            for node in nodes:
                part.setdefault(node, []).append(problem)
        return part

    def set_problems(self, index: ProblemIndex) -> None:
        """Take a new check's problems; repaint only the nodes whose problems changed. A project's
        group of problems unchanged since the last check keeps what it marked (20,000 problems:
        about 1 ms instead of 35–60 ms a keystroke)."""
        fresh, *kept = index.groups()
        known, self._group_marks = self._group_marks, {}
        marks: dict[Node, list[Problem]] = {}
        touched: set[Node] = set()
        for group in kept:
            found = known.pop(id(group), None)
            if found is None or found[0] is not group:
                found = (group, self._marked(group))
                touched.update(found[1])
            self._group_marks[id(group)] = found
            marks.update(found[1])          # no two projects' groups share a node
        for _, part in known.values():      # groups gone
            touched.update(part)
        touched.update(self._fresh_marks)
        self._fresh_marks = self._marked(fresh)
        for node, problems in self._fresh_marks.items():     # found anew: first in the document
            have = marks.get(node)
            marks[node] = problems + have if have else problems
            touched.add(node)
        changed = {node for node in touched if marks.get(node) != self._marks.get(node)}
        self._marks = marks
        roles = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole]
        self._notify((node for node in changed if self._exists(node)), roles)

    def _exists(self, node: Node) -> bool:
        """Whether a node from an earlier check is still in the document (rows, projects and units
        may have gone)."""
        if node.dept >= len(self.session.doc.departments):
            return False
        above = self._parent_node(node)
        position = {DEPT: node.dept, SECTION: node.section, PROJECT: node.project,
                    PROJECT_TABLE: node.section}.get(node.kind, node.row)
        count = self._children(above)
        if node.kind in (PART, PROJECTS_GROUP):
            return node.dept < len(self.session.doc.departments)
        return position is not None and position < count and (above is None or self._exists(above))

    # ------------------------------------------------------------ dragging projects

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if node.kind == PROJECT:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        elif node.kind == PROJECTS_GROUP:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [_PROJECT_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        nodes = [self.node(i) for i in indexes]
        projects = sorted({n.project for n in nodes if n and n.kind == PROJECT and n.project is not None})
        dept = next((n.dept for n in nodes if n), 0)
        mime = QMimeData()
        mime.setData(_PROJECT_MIME, QByteArray(f"{id(self)}:{dept}:{','.join(map(str, projects))}".encode()))
        return mime

    def _dragged(self, data: QMimeData) -> tuple[int, list[int]] | None:
        owner, _, rest = bytes(data.data(_PROJECT_MIME).data()).decode().partition(":")
        dept, _, rows = rest.partition(":")
        if owner != str(id(self)) or not rows:
            return None
        return int(dept), [int(r) for r in rows.split(",")]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: Index) -> bool:
        dragged = self._dragged(data)
        target = self.node(parent)
        return bool(dragged and target and target.kind in (PROJECT, PROJECTS_GROUP) and target.dept == dragged[0])

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        """Projects dropped on the group go to ``row``; dropped on a project, they go before it."""
        dragged, target = self._dragged(data), self.node(parent)
        if dragged is None or target is None or not self.canDropMimeData(data, action, row, column, parent):
            return False
        dept, rows = dragged
        count = len(self.session.doc.departments[dept].projects)
        before = (target.project or 0) if target.kind == PROJECT else (row if row >= 0 else count)
        rowops.move(self.session, ListRef(dept, None, PROJECTS), rows, before - sum(1 for r in rows if r < before))
        return True

    # ------------------------------------------------------------ session notifications

    def _values_changed(self, locs: list[Location]) -> None:
        """One notice per run of siblings from the first changed to the last (a new year moves
        the values of 10,000 indicators: one notice each took a second)."""
        self._notify(node for loc in locs if (node := self._node_showing(loc)) is not None)

    def _notify(self, nodes: Iterable[Node], roles: list[int] | None = None) -> None:
        """One dataChanged per parent, from the first node told of to the last (each node on its
        own: 10,000 notices took a second when a new year moved every indicator's values)."""
        spans: dict[int, tuple[QModelIndex, QModelIndex]] = {}
        for node in nodes:
            index = self.index_of(node)
            key = index.internalId()    # its parent, as packed in the index
            span = spans.get(key)
            if span is None:
                spans[key] = (index, index)
            elif index.row() < span[0].row():
                spans[key] = (index, span[1])
            elif index.row() > span[1].row():
                spans[key] = (span[0], index)
        for top, bottom in spans.values():
            self.dataChanged.emit(top, bottom, roles or [])

    def _node_showing(self, loc: Location) -> Node | None:
        """The node whose text shows the value at ``loc``, if any."""
        node: Node | None = None
        if loc.project is not None:
            table = self._project_table_of(loc.table)
            if table is not None and loc.row is not None:
                node = Node(INDICATOR, loc.dept, section=table if self.grouped else None,
                            project=loc.project, row=loc.row)
            elif loc.table is None and loc.field == "name":
                node = Node(PROJECT, loc.dept, project=loc.project)
        elif loc.table is None and loc.field in ("unit_code", "unit_name"):
            node = Node(DEPT, loc.dept)
        elif loc.row is not None and loc.table is not None:
            section = self._section_of(loc.table)
            if section is not None:
                node = Node(DEPT_INDICATOR, loc.dept, section=section, row=loc.row)
        return node

    def _project_table_of(self, key: str | None) -> int | None:
        """The position of a project indicator table among the project's tables."""
        return self.project_tables.index(key) if key in self.project_tables else None

    def _section_of(self, key: str) -> int | None:
        return next((i for i, s in enumerate(self.sections) if s.key == key and s.kind == "indicators"), None)

    def _list_parent(self, ref: ListRef) -> QModelIndex | None:
        if ref.project is not None:
            table = self._project_table_of(ref.table)
            if table is None:
                return None
            if self.grouped:
                return self.index_of(Node(PROJECT_TABLE, ref.dept, section=table, project=ref.project))
            return self.index_of(Node(PROJECT, ref.dept, project=ref.project))
        section = self._section_of(ref.table)
        return None if section is None else self.index_of(Node(SECTION, ref.dept, section=section))

    def _about_to_insert(self, ref: ListRef, first: int, last: int) -> None:
        if ref.table == PROJECTS:
            self.beginResetModel()
        elif (parent := self._list_parent(ref)) is not None:
            self.beginInsertRows(parent, first, last)

    def _inserted(self, ref: ListRef, first: int, last: int) -> None:
        if ref.table == PROJECTS:
            self.endResetModel()
        elif self._list_parent(ref) is not None:
            self.endInsertRows()

    def _about_to_remove(self, ref: ListRef, first: int, last: int) -> None:
        if ref.table == PROJECTS:
            self.beginResetModel()
        elif (parent := self._list_parent(ref)) is not None:
            self.beginRemoveRows(parent, first, last)

    def _removed(self, ref: ListRef, first: int, last: int) -> None:
        if ref.table == PROJECTS:
            self.endResetModel()
        elif self._list_parent(ref) is not None:
            self.endRemoveRows()
