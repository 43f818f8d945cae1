"""The indicator library panel (挑选指标): a dock beside the indicator table to search the library
by any word or pinyin initials, filter by 一级/二级 in the open form's words, and insert one or
many indicators into the table shown, each time as one undoable command; above it, suggestions
(推荐) for a project that has no indicators yet or lacks a kind its form requires.

The library is read the first time the panel is shown with a document open (``desktop.library``),
never at start. Every indicator of a document the clerk opens or saves is remembered in the profile
(``library.json``), and stored entries can be removed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.edits import ListRef, blank_row, set_row_field
from desktop.families import TableDef
from desktop.resources import is_sample
from ui import checking
from ui.commands import Batch, InsertRows
from ui.models.tree import DEPT_INDICATOR, INDICATOR, PROJECT_TABLE, SECTION
from ui.session import EditSession
from ui.settings import profile_dir

if TYPE_CHECKING:
    from desktop.library import Entry, Library, ProfileStore
    from ui.mainwindow import MainWindow

ALL = "全部"
RESULT_LIMIT = 200
SUGGESTION_LIMIT = 5
_ENTRY = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("三级指标", "指标值", "一级 › 二级", "来源")


def _domain():  # type: ignore[no-untyped-def]
    """``desktop.library``, imported when the panel is first used (it is not needed at start)."""
    from desktop import library

    return library


class _EntryList(QTreeView):
    def __init__(self) -> None:
        super().__init__()
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

    def show_entries(self, entries: list[Entry], placed: Callable[[Entry], tuple[str, str]]) -> None:
        self.model_.clear()
        self.model_.setHorizontalHeaderLabels(list(_HEADERS))
        for entry in entries:
            level1, level2 = placed(entry)
            cells = [QStandardItem(entry.level3), QStandardItem(entry.target),
                     QStandardItem(f"{level1} › {level2}" if level2 else level1),
                     QStandardItem(("我的文档：" if entry.origin.stored else "") + (entry.origin.name or entry.source))]
            tip = "\n".join(x for x in (entry.description and f"说明：{entry.description}",
                                        entry.basis and f"依据：{entry.basis}",
                                        f"来自：{entry.origin.name}" if entry.origin.name else "",
                                        f"出处：{entry.source}") if x)
            for cell in cells:
                cell.setData(entry, _ENTRY)
                cell.setToolTip(tip)
            self.model_.appendRow(cells)
        em = self.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate((10, 5, 9, 10)):
            self.setColumnWidth(column, em * width)

    def entries(self) -> list[Entry]:
        return [self.model_.item(r).data(_ENTRY) for r in range(self.model_.rowCount())]

    def selected_entries(self) -> list[Entry]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.model_.item(r).data(_ENTRY) for r in rows]

    def select_rows(self, rows: list[int]) -> None:
        self.clearSelection()
        flags = self.selectionModel().SelectionFlag.Select | self.selectionModel().SelectionFlag.Rows
        for r in rows:
            self.selectionModel().select(self.model_.index(r, 0), flags)


class LibraryPanel(QDockWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__("指标库", window)
        self.setObjectName("libraryPanel")
        self.window_ = window
        self._store: ProfileStore | None = None
        self.library: Library | None = None
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        column.addWidget(self.target_label)
        self.suggest_label = QLabel()
        self.suggest_label.setWordWrap(True)
        column.addWidget(self.suggest_label)
        self.suggestions = _EntryList()
        self.suggestions.doubleClicked.connect(lambda _i: self.insert(self.suggestions.selected_entries()))
        column.addWidget(self.suggestions)
        self.insert_suggested = QPushButton("插入推荐的指标")
        self.insert_suggested.clicked.connect(self._insert_suggested)
        column.addWidget(self.insert_suggested)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("搜索指标：任意词，或拼音首字母（如 myd＝满意度）")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.refresh_results)
        column.addWidget(self.search_box)
        filters = QHBoxLayout()
        self.level1_box = QComboBox()
        self.level2_box = QComboBox()
        self.level1_box.setToolTip("按一级指标筛选（本表式的用词）")
        self.level2_box.setToolTip("按二级指标筛选（本表式的用词）")
        self.level1_box.currentIndexChanged.connect(self._level1_changed)
        self.level2_box.currentIndexChanged.connect(lambda _i: self.refresh_results())
        filters.addWidget(self.level1_box, 1)
        filters.addWidget(self.level2_box, 1)
        column.addLayout(filters)
        self.results = _EntryList()
        self.results.doubleClicked.connect(lambda _i: self.insert(self.results.selected_entries()))
        self.results.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        column.addWidget(self.results, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 2)
        self.detail.setMaximumHeight(self.detail.fontMetrics().lineSpacing() * 5)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.detail)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {checking.COMPUTED.name()};")
        column.addWidget(self.count_label)
        buttons = QHBoxLayout()
        self.insert_button = QPushButton("插入选中的指标")
        self.insert_button.setToolTip("插入到当前指标表中对应的一级、二级之下（可撤销）")
        self.insert_button.clicked.connect(lambda: self.insert(self.results.selected_entries()))
        self.remove_button = QPushButton("从我的指标中删除")
        self.remove_button.setToolTip("只删除记在本机的、来自您自己文档的指标")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.insert_button)
        buttons.addWidget(self.remove_button)
        column.addLayout(buttons)
        # In a scroll area: on a small window the panel scrolls instead of widening the window
        # (its two rows of buttons would make the window at least 820 pixels wide).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._session: EditSession | None = None
        self._vocabulary: dict[str, tuple[str, ...]] = {}
        self._table: TableDef | None = None
        self._ref: ListRef | None = None
        self._places: dict[tuple[str, str], tuple[str, str]] = {}
        self._target_key: tuple[object, ...] | None = None
        self._connections: list[tuple[object, Callable[..., None]]] = []
        self._refresh = QTimer(self, singleShot=True, interval=0)
        self._refresh.timeout.connect(self.refresh)
        self.visibilityChanged.connect(lambda visible: visible and self._refresh.start())
        window.undo_group.activeStackChanged.connect(lambda _stack: self._session_changed())
        self._update_buttons()

    @property
    def store(self) -> ProfileStore:
        """The indicators remembered in the profile, read when first needed (not at start)."""
        if self._store is None:
            from desktop.library import ProfileStore

            self._store = ProfileStore(profile_dir())
        return self._store

    # ------------------------------------------------------------ following the window

    def _session_changed(self) -> None:
        session = self.window_.session
        if session is self._session:
            return
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)   # type: ignore[attr-defined]
            except (RuntimeError, TypeError):
                pass                      # the closed document's session is already gone
        self._session = session
        self._connections = []
        if session is not None:
            pairs = [(session.changed, self._refresh.start),
                     (session.stack.cleanChanged, self._clean_changed)]
            tree = self.window_.tree
            moved = getattr(tree, "currentNodeChanged", None)      # the window's tree says so itself
            if moved is None and tree.selectionModel() is not None:
                moved = tree.selectionModel().currentChanged
            if moved is not None:
                pairs.append((moved, lambda *_: self._refresh.start()))
            for signal, slot in pairs:
                signal.connect(slot)
            self._connections = pairs
            QTimer.singleShot(0, self.remember_document)     # after the window has shown it
        self._refresh.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.remember_document()            # saved: remember its indicators as they are now

    def remember_document(self) -> int:
        """Remember the open document's indicators in the profile (not a sample's, nor an unsaved
        new document's: those have no file to be remembered by). Return how many."""
        session = self.window_.session
        if session is None or session.path is None or is_sample(session.path):
            return 0
        count = self.store.remember(session.doc, session.family, str(session.path))
        if self.library is not None:
            self.library = _domain().library(self.store)
        return count

    def ensure_library(self) -> Library:
        if self.library is None:
            self.library = _domain().library(self.store)
        return self.library

    # ------------------------------------------------------------ where rows go

    def target(self) -> tuple[ListRef, TableDef] | None:
        """The indicator table rows are inserted into: the project (or department table) chosen
        in the tree."""
        window, session = self.window_, self.window_.session
        node = window.current_node()
        if session is None or node is None:
            return None
        fam = session.family
        if node.project is not None and fam.project is not None:
            tables = [s for s in fam.project.sections if s.kind == "indicators" and s.table is not None]
            if not tables:
                return None
            chosen = tables[0]      # a table's node or row in the tree names its table by number
            if node.kind in (INDICATOR, PROJECT_TABLE) and node.section is not None and node.section < len(tables):
                chosen = tables[node.section]
            return ListRef(node.dept, node.project, chosen.key), chosen.table
        if fam.department is None:
            return None
        sections = fam.department.sections
        if node.kind in (DEPT_INDICATOR, SECTION) and node.section is not None and node.section < len(sections):
            section = sections[node.section]
            if section.kind == "indicators" and section.table is not None:
                return ListRef(node.dept, None, section.key), section.table
        tables = [s for s in sections if s.kind == "indicators" and s.table is not None]
        if tables and not fam.has_projects:
            return ListRef(node.dept, None, tables[0].key), tables[0].table
        return None

    def _placed(self, entry: Entry) -> tuple[str, str]:
        key = (entry.level1, entry.level2)
        found = self._places.get(key)
        if found is None:
            has2 = self._table is None or self._table.by_role("level2") is not None
            found = self._places[key] = _domain().place(self._vocabulary, entry.level1, entry.level2, entry.kind, has2)
        return found

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Follow the table shown: its vocabulary for the filters, its project for suggestions."""
        session = self.window_.session
        if session is None or not self.shown():
            if session is None:
                self.target_label.setText("打开文档后，可从指标库中挑选指标。")
                self.results.show_entries([], self._placed)
                self._show_suggestions([], "")
                self._update_buttons()
            return
        self.ensure_library()
        target = self.target()
        self._ref, self._table = target if target is not None else (None, None)
        vocabulary = _domain().table_vocabulary(session.family, self._table) if self._table is not None else {}
        key = (session.doc.family, self._table.key if self._table else None)
        if key != self._target_key:
            self._target_key = key
            self._vocabulary = vocabulary
            self._places = {}
            self._fill_filters()
        if self._ref is None:
            self.target_label.setText("在目录中选择一个项目或指标表，即可插入指标。")
        else:
            self.target_label.setText(f"插入到：{self._where(session, self._ref)}")
        self.refresh_results()
        self._suggest(session)

    def shown(self) -> bool:
        """Whether the clerk can see the panel (a dock tab behind another is 'visible' but off screen)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _where(self, session: EditSession, ref: ListRef) -> str:
        from desktop.rules import Location, describe_location

        return describe_location(session.doc, Location(ref.dept, ref.project, ref.table))

    def _fill_filters(self) -> None:
        for box in (self.level1_box, self.level2_box):
            box.blockSignals(True)
            box.clear()
            box.addItem(ALL)
        self.level1_box.addItems(list(self._vocabulary))
        self.level2_box.setEnabled(self._table is None or self._table.by_role("level2") is not None)
        for box in (self.level1_box, self.level2_box):
            box.blockSignals(False)
        self._level1_changed()

    def _level1_changed(self) -> None:
        level1 = self.level1_box.currentText()
        self.level2_box.blockSignals(True)
        self.level2_box.clear()
        self.level2_box.addItem(ALL)
        if level1 != ALL:
            self.level2_box.addItems(list(self._vocabulary.get(level1, ())))
        self.level2_box.blockSignals(False)
        self.refresh_results()

    def set_filter(self, level1: str, level2: str = ALL) -> None:
        self.level1_box.setCurrentText(level1)
        self.level2_box.setCurrentText(level2)

    def _filter(self) -> Callable[[Entry], bool] | None:
        level1, level2 = self.level1_box.currentText(), self.level2_box.currentText()
        if level1 in ("", ALL):
            return None
        if level2 in ("", ALL):
            return lambda e: self._placed(e)[0] == level1
        return lambda e: self._placed(e) == (level1, level2)

    def refresh_results(self) -> None:
        if self.library is None:
            return
        found = self.library.search(self.search_box.text(), self._filter(), RESULT_LIMIT)
        self.results.show_entries(found, self._placed)
        more = "（只列出前200条，请输入更多的词）" if len(found) == RESULT_LIMIT else ""
        self.count_label.setText(f"找到{len(found)}条{more}" if found else "没有找到：换个词，或用拼音首字母试试。")
        self._update_buttons()

    def _suggest(self, session: EditSession) -> None:
        """推荐: for a project (or table) with no indicators yet, or lacking a required kind."""
        if self._ref is None or self._table is None or self.library is None:
            self._show_suggestions([], "")
            return
        owner = session.family.project if self._ref.project is not None else session.family.department
        dept = session.doc.departments[self._ref.dept]
        part = dept.projects[self._ref.project] if self._ref.project is not None else dept
        rows = session.rows(self._ref)
        name, use, goal = _domain().owner_texts(part, owner) if owner is not None else ("", "", "")
        level3 = self._table.by_role("level3")
        have = [row.get(level3.key, "") for row in rows] if level3 is not None else []
        placed_rows = [(row.get(c.key, "") if (c := self._table.by_role("level1")) else "",
                        row.get(c.key, "") if (c := self._table.by_role("level2")) else "") for row in rows]
        missing = [req for req in self._table.required
                   if not any(l1 in req.level1 or l2 in req.level2 for l1, l2 in placed_rows)]
        filled = any(level3 is not None and str(row.get(level3.key, "")).strip() for row in rows)
        if filled and not missing:
            self._show_suggestions([], "")
            return
        wanted = None
        if filled:
            def wanted(e: Entry) -> bool:
                l1, l2 = self._placed(e)
                return any(l1 in req.level1 or l2 in req.level2 for req in missing)
        found = self.library.suggest(name, use, goal, have, wanted, SUGGESTION_LIMIT)
        what = "、".join(req.label for req in missing) if filled else ""
        heading = f"推荐（缺少{what}）：" if what else f"推荐（按“{name or '本项目'}”的名称和用途）："
        self._show_suggestions(found, heading)

    def _show_suggestions(self, entries: list[Entry], heading: str) -> None:
        self.suggestions.show_entries(entries, self._placed)
        shown = bool(entries)
        self.suggest_label.setText(heading if shown else "")
        for widget in (self.suggest_label, self.suggestions, self.insert_suggested):
            widget.setVisible(shown)
        if shown:
            height = self.suggestions.sizeHintForRow(0) * (len(entries) + 1) + 8
            self.suggestions.setFixedHeight(height)

    def _update_buttons(self) -> None:
        selected = self.results.selected_entries()
        self.detail.setText(self._describe(selected[0]) if len(selected) == 1 else
                            f"已选{len(selected)}条" if selected else "")
        self.insert_button.setEnabled(bool(selected) and self._ref is not None)
        self.remove_button.setEnabled(any(e.origin.stored for e in selected))
        self.insert_suggested.setEnabled(self._ref is not None)

    def _describe(self, entry: Entry) -> str:
        level1, level2 = self._placed(entry)
        where = f"{level1} › {level2}" if level2 else level1
        lines = [f"{entry.level3}：{entry.target or '（无指标值）'}　插入到 {where}"]
        if entry.description:
            lines.append(f"说明：{entry.description}")
        if entry.basis:
            lines.append(f"依据：{entry.basis}")
        origin = f"来自“{entry.origin.name}”，" if entry.origin.name else ""
        lines.append(f"{origin}出处：{entry.source}")
        return "\n".join(lines)

    # ------------------------------------------------------------ changing

    def _insert_suggested(self) -> None:
        chosen = self.suggestions.selected_entries() or self.suggestions.entries()
        self.insert(chosen)

    def insert(self, entries: list[Entry]) -> bool:
        """Insert ``entries`` into the table shown, each after the rows of its 一级/二级 (else at
        the end), as one undoable command. False when there is no table or nothing to insert."""
        session = self.window_.session
        if session is None or not entries:
            return False
        self.refresh()
        if self._ref is None or self._table is None:
            return False
        ref, table = self._ref, self._table
        rows = session.rows(ref)
        c1, c2 = table.by_role("level1"), table.by_role("level2")
        by_place: dict[int, list[object]] = {}
        for entry in entries:
            cells = _domain().new_row(entry, table, self._vocabulary)
            row = blank_row(session.family, ref)
            for key, value in cells.items():
                set_row_field(row, key, value)
            level1 = cells.get(c1.key, "") if c1 else ""
            level2 = cells.get(c2.key, "") if c2 else ""
            at = len(rows)
            same = [r for r, x in enumerate(rows) if (not c1 or x.get(c1.key, "") == level1)
                    and (not c2 or x.get(c2.key, "") == level2)]
            if same:
                at = same[-1] + 1
            elif c1 is not None:
                kin = [r for r, x in enumerate(rows) if x.get(c1.key, "") == level1]
                if kin:
                    at = kin[-1] + 1
            by_place.setdefault(at, []).append(row)
        count = sum(len(v) for v in by_place.values())
        text = f"从指标库插入{count}条指标" if count > 1 else f"从指标库插入“{entries[0].level3}”"
        commands = [InsertRows(session, ref, at, items, text) for at, items in sorted(by_place.items(), reverse=True)]
        session.stack.push(commands[0] if len(commands) == 1 else Batch(text, commands))
        self.window_.statusBar().showMessage(f"已插入{count}条指标，撤销（Ctrl+Z）可取消。", 8000)
        return True

    def remove_selected(self) -> int:
        chosen = [e for e in self.results.selected_entries() if e.origin.stored]
        removed = self.store.remove(chosen)
        if removed:
            self.library = _domain().library(self.store)
            self.refresh_results()
            self.window_.statusBar().showMessage(f"已从指标库删除{removed}条您自己文档中的指标。", 8000)
        return removed

    def activate_search(self) -> None:
        self.show()
        self.raise_()
        self.search_box.setFocus()
        self.search_box.selectAll()


def install(window: MainWindow) -> LibraryPanel:
    """Add the library panel to ``window`` (right, a tab beside the checking panel, which stays in
    front) with 查看 › 指标库 (Ctrl+L), which brings it forward with the cursor in its search box."""
    panel = LibraryPanel(window)
    if not window.restoreDockWidget(panel):     # where the saved layout had it, else beside 检查结果
        front = window.panel.isVisible() and not window.panel.visibleRegion().isEmpty()
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        window.tabifyDockWidget(window.panel, panel)
        if front:
            window.panel.raise_()
    action = QAction("指标库(&L)", window)
    action.setShortcut(QKeySequence("Ctrl+L"))
    action.setStatusTip("从指标库中挑选指标，插入当前指标表")
    action.triggered.connect(lambda _checked=False: panel.activate_search())
    window.add_tool_action(window.view_menu, action)
    window.library_panel = panel      # type: ignore[attr-defined]
    return panel
