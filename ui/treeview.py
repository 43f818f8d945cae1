"""The document tree on the window's left: its model, which nodes are open, the current node.

The tree keeps its own expansion state: before its model is rebuilt (projects added, removed or
moved, units added or reordered) it remembers what was open, each project and unit as itself
since its position may change, and opens the same nodes afterwards.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.edits import PROJECTS, ListRef
from ui import rowops
from ui.models.tree import DEPT, DEPT_INDICATOR, INDICATOR, PART, PROJECT, PROJECTS_GROUP, DocumentTreeModel, Node
from ui.session import EditSession


class DocumentTree(QTreeView):
    currentNodeChanged = Signal(object)     # Node

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree_model: DocumentTreeModel | None = None
        self.session: EditSession | None = None
        self._expanded: list[tuple[Node, object, object]] = []   # node, its unit, its project

    # ------------------------------------------------------------ the model

    def show_document(self, session: EditSession | None) -> DocumentTreeModel | None:
        """A new model for ``session`` (None: empty), with each unit's parts open."""
        self.session = session
        old = self.tree_model
        self.tree_model = DocumentTreeModel(session, self) if session is not None else None
        self._set_model(self.tree_model)
        if old is not None:
            old.deleteLater()
        if self.tree_model is not None:
            self.selectionModel().currentChanged.connect(self._current_changed)
            self.tree_model.modelAboutToBeReset.connect(self.remember_expanded)
            self.tree_model.modelReset.connect(self.restore_expanded)
        return self.tree_model

    def open_defaults(self) -> None:
        """Open every unit, its 部门整体绩效目标 and its projects."""
        model, session = self.tree_model, self.session
        if model is None or session is None:
            return
        for d in range(len(session.doc.departments)):
            self.expand(model.index_of(Node(DEPT, d)))
            self.expand(model.index_of(Node(PART, d)))
            if session.family.has_projects:
                self.expand(model.index_of(Node(PROJECTS_GROUP, d)))

    def _set_model(self, model: DocumentTreeModel | None) -> None:
        """The view and its header each make a selection model for every model they are given
        and keep the old ones (the header's is replaced by the view's at once): they go here,
        or every open would leave two behind."""
        self.setModel(model)
        current = self.selectionModel()
        for owner in (self, self.header()):
            for selection in owner.findChildren(QItemSelectionModel, options=Qt.FindChildOption.FindDirectChildrenOnly):
                if selection is not current:
                    selection.deleteLater()

    # ------------------------------------------------------------ what is open

    def remember_expanded(self) -> None:
        """What is open now, each unit and project remembered as itself."""
        model, session = self.tree_model, self.session
        if model is None or session is None:
            return
        departments = session.doc.departments
        self._expanded = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                node = model.node(index)
                if node is not None and self.isExpanded(index):
                    dept = departments[node.dept]
                    project = None if node.project is None else dept.projects[node.project]
                    self._expanded.append((node, dept, project))
                    pending.append(index)

    def restore_expanded(self) -> None:
        model, session = self.tree_model, self.session
        if model is None or session is None:
            return
        departments = session.doc.departments
        for node, dept, project in self._expanded:
            d = next((i for i, x in enumerate(departments) if x is dept), None)
            if d is None:
                continue
            node = replace(node, dept=d)
            if project is not None:
                p = next((i for i, x in enumerate(departments[d].projects) if x is project), None)
                if p is None:
                    continue
                node = replace(node, project=p)
            self.expand(model.index_of(node))

    # ------------------------------------------------------------ the current node

    def current_node(self) -> Node | None:
        return self.tree_model.node(self.currentIndex()) if self.tree_model is not None else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentNodeChanged.emit(self.tree_model.node(current) if self.tree_model is not None else None)

    def select_node(self, node: Node) -> None:
        """Make ``node`` the current item (its ancestors opened), which shows its editor."""
        if self.tree_model is None:
            return
        index = self.tree_model.index_of(node)
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)


class TreeTarget:
    """Row operations on the node selected in the tree: a project or an indicator."""

    def __init__(self, tree: DocumentTree) -> None:
        self.session = tree.session
        node = tree.current_node()
        self.node = node
        self.ref: ListRef | None = None
        self.row = 0
        if node is None:
            return
        if node.kind == PROJECT:
            self.ref, self.row = ListRef(node.dept, None, PROJECTS), node.project or 0
        elif node.kind == INDICATOR and tree.tree_model is not None:
            self.ref = ListRef(node.dept, node.project, tree.tree_model.table_key(node))
            self.row = node.row or 0
        elif node.kind == DEPT_INDICATOR and self.session is not None:
            key = self.session.family.sections[node.section or 0].key
            self.ref, self.row = ListRef(node.dept, None, key), node.row or 0

    def can(self, op: str) -> bool:
        return self.ref is not None and op in rowops.ROW_OPS

    def run(self, op: str) -> None:
        session = self.session
        if session is None or self.ref is None:
            return
        if op == "insert":
            rowops.insert_blank(session, self.ref, self.row + 1)
        elif op == "remove":
            rowops.remove(session, self.ref, [self.row])
        elif op == "duplicate":
            rowops.duplicate(session, self.ref, [self.row])
        else:
            rowops.move_by(session, self.ref, [self.row], -1 if op == "up" else 1)
