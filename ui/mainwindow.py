"""The main window: the tree on the left, the selected node's editor in the centre, the checking
panel on the right, counts and save state in the status bar; files, undo, export and autosave."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QToolBar,
    QTreeView,
    QWidget,
)

from desktop import __version__, export, projectfile
from desktop.atomic import remove_stale_temps
from desktop.blank import new_document
from desktop.edits import INDICATORS, PROJECTS, ListRef
from desktop.errors import ProjectFileError
from desktop.families import family
from desktop.model import Document
from desktop.resources import is_sample, samples
from desktop.rules import Location, Problem, Severity
from ui import checking, dialogs, exporting, rowops
from ui.autosave import AutoSaver, leftovers, open_elsewhere
from ui.checking import CheckRunner, ProblemIndex
from ui.checkpanel import CheckPanel
from ui.editors.sheet import OPS, SheetView
from ui.editors.stack import EditorStack
from ui.models.tree import DEPT, DEPT_INDICATOR, INDICATOR, PART, PROJECT, PROJECTS_GROUP, DocumentTreeModel, Node
from ui.session import EditSession
from ui.settings import Settings, profile_dir
from ui.startpage import StartPage

APP_NAME = "预算绩效目标编辑器"
FILE_FILTER = f"绩效目标文件 (*{projectfile.SUFFIX})"
_OP_TEXT = {"cut": "剪切", "copy": "复制", "paste": "粘贴", "clear": "清除内容", "insert": "插入行",
            "remove": "删除行", "duplicate": "复制行", "up": "上移", "down": "下移"}
_OP_KEYS = {"cut": ["Ctrl+X"], "copy": ["Ctrl+C"], "paste": ["Ctrl+V"], "clear": ["Del"],
            "insert": ["Ctrl+Shift+=", "Ctrl++"], "remove": ["Ctrl+-"], "duplicate": ["Ctrl+D"],
            "up": ["Alt+Shift+Up"], "down": ["Alt+Shift+Down"]}


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings.load()
        self.session: EditSession | None = None
        self.runner: CheckRunner | None = None
        self.tree_model: DocumentTreeModel | None = None
        self._last_autosave: datetime | None = None
        self._expanded: list[tuple[Node, object]] = []   # tree nodes open while it is rebuilt
        self.undo_group = QUndoGroup(self)
        self.autosaver = AutoSaver(profile_dir(), self.settings.autosave_minutes, self)
        self.autosaver.saved.connect(self._autosaved)
        self.autosaver.failed.connect(self._autosave_failed)
        self.setAcceptDrops(True)
        self._build_centre()
        self._build_docks()
        self._build_status()
        self._build_actions()
        self._restore_layout()
        self._update_title()
        self._update_actions()
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

    # ================================================================ building

    def _build_centre(self) -> None:
        self.start = StartPage()
        self.start.newRequested.connect(self.new_document)
        self.start.openRequested.connect(lambda: self.open_file())
        self.start.fileRequested.connect(lambda path: self.open_file(Path(path)))
        self.samples = _sample_entries()
        self.start.set_samples(self.samples)
        self.start.set_recent(self.settings.recent_files)
        self.centre = EditorStack(self.start)
        self.centre.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.centre.openProject.connect(lambda d, p: self.select_node(Node(PROJECT, d, project=p)))
        self.setCentralWidget(self.centre)

    def _build_docks(self) -> None:
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree_dock = QDockWidget("目录", self)
        self.tree_dock.setObjectName("treeDock")
        self.tree_dock.setWidget(self.tree)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.tree_dock)
        self.panel = CheckPanel(self)
        self.panel.problemActivated.connect(self.go_to_problem)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.count_labels: dict[Severity, QLabel] = {}
        for severity in checking.ORDER:
            label = QLabel()
            label.setToolTip(f"{severity.value}的数量；点击“检查结果”中的问题可转到出错的位置")
            self.count_labels[severity] = label
            bar.addPermanentWidget(label)
        self.save_state = QLabel()
        bar.addPermanentWidget(self.save_state)
        self._show_counts(checking.EMPTY)

    def _action(self, text: str, slot: Callable[[], object], keys: list[str] | None = None,
                icon: QStyle.StandardPixmap | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        pix = QStyle.StandardPixmap
        self.act_new = self._action("新建(&N)…", self.new_document, ["Ctrl+N"], pix.SP_FileIcon, "新建绩效目标文档")
        self.act_open = self._action("打开(&O)…", lambda: self.open_file(), ["Ctrl+O"], pix.SP_DialogOpenButton,
                                     "打开绩效目标文件")
        self.act_save = self._action("保存(&S)", self.save, ["Ctrl+S"], pix.SP_DialogSaveButton, "保存到文件")
        self.act_save_as = self._action("另存为(&A)…", self.save_as, ["Ctrl+Shift+S"])
        self.act_close = self._action("关闭(&C)", self.close_document, ["Ctrl+W", "Ctrl+F4"])
        self.act_docx = self._action("导出 Word(&W)…", lambda: self.export("docx"), None, pix.SP_FileDialogDetailedView,
                                     "导出为 Word 文档（.docx）")
        self.act_xlsx = self._action("导出 Excel(&E)…", lambda: self.export("xlsx"), None, pix.SP_FileDialogListView,
                                     "导出为 Excel 工作簿（.xlsx）")
        self.act_settings = self._action("设置(&T)…", self.edit_settings)
        self.act_quit = self._action("退出(&X)", self.close, ["Alt+F4"])
        self.act_undo = self.undo_group.createUndoAction(self, "撤销")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_undo.setIcon(self.style().standardIcon(pix.SP_ArrowBack))
        self.act_redo = self.undo_group.createRedoAction(self, "重做")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_redo.setIcon(self.style().standardIcon(pix.SP_ArrowForward))
        for action in (self.act_undo, self.act_redo):
            self.addAction(action)
        self.ops = {op: self._action(_OP_TEXT[op], lambda _=False, o=op: self._run_op(o), _OP_KEYS[op]) for op in OPS}
        self.act_new_project = self._action("新建项目(&P)", self.new_project, ["Ctrl+Shift+N"])
        self.act_copy_project = self._action("复制为新项目", self.copy_project)
        self.act_next_problem = self._action("下一个问题", lambda: self._step_problem(1), ["F8"])
        self.act_prev_problem = self._action("上一个问题", lambda: self._step_problem(-1), ["Shift+F8"])
        self.act_about = self._action("关于(&A)", self.about)

        menus = self.menuBar()
        file_menu = menus.addMenu("文件(&F)")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        samples_menu = file_menu.addMenu("打开示例(&M)")
        for label, path in self.samples:
            samples_menu.addAction(label).triggered.connect(lambda _=False, p=path: self.open_file(p))
        file_menu.addActions([self.act_save, self.act_save_as, self.act_close])
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("导出(&E)")
        export_menu.addActions([self.act_docx, self.act_xlsx])
        file_menu.addSeparator()
        file_menu.addActions([self.act_settings, self.act_quit])
        edit_menu = menus.addMenu("编辑(&E)")
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.ops[o] for o in ("cut", "copy", "paste", "clear")])
        edit_menu.addSeparator()
        edit_menu.addActions([self.ops[o] for o in ("insert", "remove", "duplicate", "up", "down")])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_new_project, self.act_copy_project])
        view_menu = menus.addMenu("查看(&V)")
        view_menu.addActions([self.tree_dock.toggleViewAction(), self.panel.toggleViewAction()])
        view_menu.addSeparator()
        view_menu.addActions([self.act_next_problem, self.act_prev_problem])
        help_menu = menus.addMenu("帮助(&H)")
        help_menu.addAction(self.act_about)

        toolbar = QToolBar("工具栏", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_new, self.act_open, self.act_save])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo])
        for action in (self.act_undo, self.act_redo):   # their text names the change: a tooltip, not a label
            toolbar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addSeparator()
        toolbar.addActions([self.act_docx, self.act_xlsx])
        self.addToolBar(toolbar)
        self.tree.addActions([self.act_new_project, self.act_copy_project, self.ops["remove"],
                              self.ops["up"], self.ops["down"]])

    def sheet_actions(self) -> list[QAction | None]:
        """The context menu of a sheet: the 编辑 menu's cell and row actions."""
        return [self.ops["cut"], self.ops["copy"], self.ops["paste"], self.ops["clear"], None,
                self.ops["insert"], self.ops["remove"], self.ops["duplicate"], self.ops["up"], self.ops["down"]]

    # ================================================================ settings and layout

    def _restore_layout(self) -> None:
        geometry, state = _decoded(self.settings.geometry), _decoded(self.settings.window_state)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QApplication.primaryScreen().availableGeometry()
            self.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
        if state is None or not self.restoreState(state):
            em = self.fontMetrics().horizontalAdvance("中")
            self.resizeDocks([self.tree_dock, self.panel], [em * 20, em * 24], Qt.Orientation.Horizontal)

    def _remember_layout(self) -> None:
        self.settings.geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode()
        self.settings.window_state = base64.b64encode(bytes(self.saveState().data())).decode()
        self.settings.save()

    def edit_settings(self) -> None:
        floor = self.settings.rule_settings().satisfaction_floor
        dialog = dialogs.SettingsDialog(self.settings.autosave_minutes, floor, self)
        if not dialog.exec():
            return
        minutes, new_floor = dialog.values()
        self.settings.autosave_minutes = minutes
        self.settings.satisfaction_floor = str(new_floor)
        self.settings.save()
        self.autosaver.set_interval(minutes)
        if self.runner is not None:
            self.runner.run()

    # ================================================================ documents

    def open_session(self, session: EditSession) -> None:
        """Show a document (the current one must already be closed)."""
        self.session = session
        self.undo_group.addStack(session.stack)
        self.undo_group.setActiveStack(session.stack)
        session.stack.cleanChanged.connect(self._update_title)
        session.changed.connect(self._update_title)        # a sample copy's title tells its year
        session.changed.connect(self._update_save_state)
        self.centre.attach(session)
        session.rowsFocusRequested.connect(self._rows_focus_requested)
        self.panel.watch(session)
        self.runner = CheckRunner(session, self.settings.rule_settings, self)
        self.runner.checked.connect(self._checked)
        self.tree_model = DocumentTreeModel(session, self)
        self._set_tree_model(self.tree_model)
        self.tree_model.modelAboutToBeReset.connect(self._remember_expanded)
        self.tree_model.modelReset.connect(self._restore_expanded)
        self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)
        for d in range(len(session.doc.departments)):
            self.tree.expand(self.tree_model.index_of(Node(DEPT, d)))
            self.tree.expand(self.tree_model.index_of(Node(PART, d)))
            if session.family.has_projects:
                self.tree.expand(self.tree_model.index_of(Node(PROJECTS_GROUP, d)))
        self.autosaver.watch(session)
        self.runner.run()
        self.select_node(Node(DEPT, 0))
        self.tree.setFocus()
        self._update_title()
        self._update_save_state()
        self._update_actions()

    def _remember_expanded(self) -> None:
        """Before the tree is rebuilt (projects added, removed or moved): what was open, with
        each project remembered as itself, since its position may change."""
        model, session = self.tree_model, self.session
        assert model is not None and session is not None
        self._expanded = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                node = model.node(index)
                if node is not None and self.tree.isExpanded(index):
                    project = None if node.project is None else session.doc.departments[node.dept].projects[node.project]
                    self._expanded.append((node, project))
                    pending.append(index)

    def _restore_expanded(self) -> None:
        model, session = self.tree_model, self.session
        assert model is not None and session is not None
        for node, project in self._expanded:
            if project is not None:
                projects = session.doc.departments[node.dept].projects
                position = next((i for i, p in enumerate(projects) if p is project), None)
                if position is None:
                    continue
                node = replace(node, project=position)
            self.tree.expand(model.index_of(node))

    def _teardown(self) -> None:
        session = self.session
        if session is None:
            return
        self.autosaver.watch(None)
        self.centre.detach()
        self._set_tree_model(None)
        if self.tree_model is not None:
            self.tree_model.deleteLater()
        if self.runner is not None:
            self.runner.deleteLater()
        self.tree_model = self.runner = None
        self.undo_group.removeStack(session.stack)
        self.session = None
        session.deleteLater()
        self.panel.clear()
        self._show_counts(checking.EMPTY)
        self.start.set_recent(self.settings.recent_files)
        self._update_title()
        self._update_save_state()
        self._update_actions()

    def _set_tree_model(self, model: DocumentTreeModel | None) -> None:
        """Show ``model`` in the tree. The view and its header each make a selection model for
        every model they are given and keep the old ones (the header's is replaced by the view's
        at once): they go here, or every open would leave two behind."""
        self.tree.setModel(model)
        current = self.tree.selectionModel()
        for owner in (self.tree, self.tree.header()):
            for selection in owner.findChildren(QItemSelectionModel, options=Qt.FindChildOption.FindDirectChildrenOnly):
                if selection is not current:
                    selection.deleteLater()

    def commit_open_editors(self) -> None:
        """Take in a cell still being typed into (before saving, exporting or closing)."""
        target = self._edit_target()
        if isinstance(target, SheetView):
            target.commit_open_editor()

    def maybe_close_document(self) -> bool:
        """Ask about unsaved changes; False if the clerk cancelled (or saving failed)."""
        self.commit_open_editors()
        session = self.session
        if session is None or session.stack.isClean():
            return True
        answer = dialogs.ask_save_changes(self, session.display_name)
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    def close_document(self) -> bool:
        if not self.maybe_close_document():
            return False
        self._teardown()
        return True

    def new_document(self) -> None:
        dialog = dialogs.NewDocumentDialog(self)
        if not dialog.exec():
            return
        family_id, year, code, name = dialog.values()
        if self.close_document():
            self.open_session(EditSession(new_document(family_id, year, code, name)))

    def open_file(self, path: Path | None = None) -> bool:
        """Open a file; the open document stays if the file cannot be read or the clerk cancels."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "打开", self.settings.last_folder, FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        path = path.resolve()
        if self.session is not None and self.session.path == path:
            return True
        try:
            doc, stamp = projectfile.read(path)
        except ProjectFileError as exc:
            dialogs.show_error(self, "无法打开", exc.message)
            if not path.exists():
                self.settings.forget_recent(str(path))
                self.start.set_recent(self.settings.recent_files)
            return False
        sample = is_sample(path)
        if not sample and open_elsewhere(profile_dir(), path) and not dialogs.ask_open_anyway(self, path.name):
            return False
        if not self.close_document():
            return False
        remove_stale_temps(path.parent)     # left beside the file by an editor that crashed while saving
        if sample:
            self.open_session(EditSession(doc, name=lambda d: f"{_sample_label(d) or path.stem}（示例副本）"))
            self.statusBar().showMessage("这是示例文档的副本：可以随意修改，保存时请另选位置。", 10000)
            return True
        session = EditSession(doc, path)
        session.disk = stamp
        self.open_session(session)
        self._remember_file(path)
        return True

    def save(self) -> bool:
        self.commit_open_editors()
        session = self.session
        if session is None:
            return False
        if session.path is None:
            return self.save_as()
        return self._save_to(session.path)

    def save_as(self) -> bool:
        session = self.session
        if session is None:
            return False
        suggested = session.path or Path(self.settings.last_folder or Path.home()) / export.default_export_name(
            session.doc, projectfile.SUFFIX)
        chosen, _ = QFileDialog.getSaveFileName(self, "另存为", str(suggested), FILE_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != projectfile.SUFFIX:
            path = path.with_name(path.name + projectfile.SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        session = self.session
        assert session is not None
        if session.path == path.resolve() and session.disk is not None and \
                projectfile.changed_on_disk(path, session.disk):
            answer = dialogs.ask_overwrite_changed(self, path.name)
            if answer == dialogs.SAVE_AS:
                return self.save_as()
            if answer != dialogs.SAVE:
                return False
        try:
            session.disk = projectfile.save(session.doc, path)
        except ProjectFileError as exc:
            dialogs.show_error(self, "保存失败", exc.message + "\n文档仍在编辑器中，可换一个位置另存。")
            return False
        moved = session.path != path.resolve()
        session.path = path.resolve()
        if moved:
            self.autosaver.follow_path()
        session.stack.setClean()
        self.autosaver.discard()
        self._remember_file(session.path)
        self._update_title()
        self._update_save_state()
        self.statusBar().showMessage(f"已保存到 {session.path}", 5000)
        return True

    def _remember_file(self, path: Path) -> None:
        self.settings.add_recent(path)
        self.settings.last_folder = str(path.parent)
        self.settings.save()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for i, path in enumerate(self.settings.recent_files):
            action = self.recent_menu.addAction(f"&{i + 1} {Path(path).name.replace('&', '&&')}")
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(Path(p)))
        if not self.settings.recent_files:
            self.recent_menu.addAction("（无）").setEnabled(False)

    def export(self, kind: str) -> None:
        """导出 Word / Excel; asks first when the document has 错误. The document is only read."""
        session = self.session
        if session is None or self.runner is None:
            return
        self.commit_open_editors()
        self.runner.run()
        errors = self.runner.index.counts[Severity.ERROR]
        if errors and not dialogs.ask_export_with_errors(self, errors):
            return
        suffix = "." + kind
        folder = Path(self.settings.last_folder) if self.settings.last_folder else (
            session.path.parent if session.path else Path.home())
        label = "Word 文档 (*.docx)" if kind == "docx" else "Excel 工作簿 (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, "导出", str(folder / export.default_export_name(session.doc, suffix)),
                                                label)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        writer, program = (export.export_docx, "Word") if kind == "docx" else (export.export_xlsx, "Excel")
        outcome = exporting.run_export(self, writer, session.doc, path, program)
        if outcome == exporting.DONE:
            self.statusBar().showMessage(f"已导出到 {path}", 8000)
        elif outcome == exporting.CANCELLED:
            self.statusBar().showMessage(f"已取消导出，没有写入“{path.name}”。", 8000)

    def offer_recovery(self) -> bool:
        """After a crash: offer each copy left behind. True if one was recovered and shown."""
        for leftover in leftovers(profile_dir()):
            answer = dialogs.ask_recover(self, leftover)
            if answer == dialogs.DISCARD:
                leftover.discard()
            elif answer == dialogs.RECOVER:
                try:
                    doc = leftover.load()
                except ProjectFileError as exc:
                    dialogs.show_error(self, "无法恢复", exc.message)
                    continue
                if not self.close_document():
                    return False
                session = EditSession(doc, leftover.original)
                session.disk = leftover.disk     # so that a file saved elsewhere since is not overwritten unasked
                session.stack.resetClean()   # recovered work is unsaved until the clerk saves it
                self.open_session(session)
                self.autosaver.save_now()
                leftover.discard()
                self.statusBar().showMessage("已恢复自动保存的副本，请检查后保存。", 10000)
                return True
        return False

    def _autosaved(self, when: datetime) -> None:
        self._last_autosave = when
        self._update_save_state()

    def _autosave_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    # ================================================================ window events

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_close_document():
            event.ignore()
            return
        self._remember_layout()
        self._teardown()
        self.autosaver.close()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = self._dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_file(path))

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        for url in event.mimeData().urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(projectfile.SUFFIX):
                return Path(url.toLocalFile())
        return None

    def about(self) -> None:
        QMessageBox.about(self, "关于", f"{APP_NAME}\n版本 {__version__}\n\n编制部门整体绩效目标与项目绩效目标表，"
                                        "随时检查，导出 Word 与 Excel。")

    # ================================================================ title, status, actions

    def _update_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{session.display_name}[*] — {APP_NAME}")
        self.setWindowModified(not session.stack.isClean())

    def _update_save_state(self) -> None:
        session = self.session
        if session is None:
            self.save_state.setText("")
        elif session.stack.isClean():
            self.save_state.setText("已保存" if session.path else "尚未保存为文件")
        elif self._last_autosave is not None and self.autosaver.copy_path.exists():
            self.save_state.setText(f"有未保存的修改（{self._last_autosave:%H:%M} 已自动备份）")
        else:
            self.save_state.setText("有未保存的修改")

    def _show_counts(self, index: ProblemIndex) -> None:
        for severity, label in self.count_labels.items():
            label.setVisible(self.session is not None)
            count = index.counts[severity]
            label.setText(f"{severity.value} {count}")
            colour = checking.FOREGROUND[severity].name() if count else "#6b6b6b"
            label.setStyleSheet(f"color: {colour}; padding: 0 6px;")

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        has_doc = self.session is not None
        for action in (self.act_save, self.act_save_as, self.act_close, self.act_docx, self.act_xlsx,
                       self.act_next_problem, self.act_prev_problem):
            action.setEnabled(has_doc)
        target = self._edit_target()
        for op, action in self.ops.items():
            action.setEnabled(target is not None and target.can(op))
        has_projects = has_doc and self.session is not None and self.session.family.has_projects
        self.act_new_project.setEnabled(has_projects)
        self.act_copy_project.setEnabled(has_projects and self._current_project() is not None)

    # ================================================================ editing targets

    def _edit_target(self) -> SheetView | _TreeTarget | None:
        widget: QWidget | None = QApplication.focusWidget()
        while widget is not None:
            if isinstance(widget, SheetView):
                return widget
            if widget is self.tree:
                return _TreeTarget(self)
            widget = widget.parentWidget()
        return None

    def _run_op(self, op: str) -> None:
        target = self._edit_target()
        if target is not None and target.can(op):
            target.run(op)

    def _current_project(self) -> tuple[int, int] | None:
        node = self.current_node()
        if node is not None and node.kind in (PROJECT, INDICATOR) and node.project is not None:
            return node.dept, node.project
        return None

    def new_project(self) -> None:
        session = self.session
        if session is None or not session.family.has_projects:
            return
        current = self._current_project()
        dept = current[0] if current else (self.current_node() or Node(DEPT, 0)).dept
        at = current[1] + 1 if current else len(session.doc.departments[dept].projects)
        rowops.insert_blank(session, ListRef(dept, None, PROJECTS), at)

    def copy_project(self) -> None:
        """A copy of the current project after it; its code is left empty (a code is one project's)."""
        current = self._current_project()
        session = self.session
        if session is None or current is None:
            return
        had_code = bool(session.doc.departments[current[0]].projects[current[1]].code.strip())
        rowops.duplicate(session, ListRef(current[0], None, PROJECTS), [current[1]])
        code = session.family.project_field("code")
        if code is not None and had_code:
            self.statusBar().showMessage(f"已复制为新项目。{code.label}已留空：每个项目的{code.label}应唯一，"
                                         f"请填写新项目自己的{code.label}。", 10000)

    # ================================================================ checking

    def _checked(self, index: ProblemIndex) -> None:
        session = self.session
        if session is None or self.tree_model is None:
            return
        self.tree_model.set_problems(index)
        self.panel.set_problems(session.doc, index)
        self.centre.set_problems(index)
        self._show_counts(index)

    def go_to_problem(self, problem: Problem) -> None:
        self.go_to(problem.location)

    def _step_problem(self, step: int) -> None:
        view, model = self.panel.view, self.panel.model
        problems: list[QModelIndex] = []
        for g in range(model.rowCount()):
            group = model.index(g, 0)
            problems += [model.index(r, 0, group) for r in range(model.rowCount(group))]
        if not problems:
            return
        current = view.currentIndex().siblingAtColumn(0)
        position = next((i for i, index in enumerate(problems) if index == current), -1 if step > 0 else 0)
        target = problems[(position + step) % len(problems)]
        view.setCurrentIndex(target)
        problem = model.problem(target)
        if problem is not None:
            self.go_to(problem.location)

    # ================================================================ navigation

    def current_node(self) -> Node | None:
        return self.tree_model.node(self.tree.currentIndex()) if self.tree_model is not None else None

    def select_node(self, node: Node) -> None:
        """Make ``node`` the tree's current item, which shows its editor."""
        if self.tree_model is None:
            return
        index = self.tree_model.index_of(node)
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.tree.scrollTo(index)

    def go_to(self, loc: Location) -> None:
        """Show the editor holding ``loc`` and put the focus on its field or cell."""
        if self.tree_model is None or self.session is None or loc.dept >= len(self.session.doc.departments):
            return
        self.select_node(self.tree_model.nodes_for(loc)[-1])
        page = self.centre.current_page()
        if page is not None:
            page.focus_location(loc)

    def _tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.tree_model is None:
            return
        node = self.tree_model.node(current)
        if node is not None:
            self.centre.show_node(node)
        self._update_actions()

    # ================================================================ projects moving under the editor

    def _rows_focus_requested(self, ref: ListRef, rows: list[int]) -> None:
        """After projects were added, removed or moved, show the one the command points at."""
        if ref.table != PROJECTS or self.tree_model is None:
            return
        if self.centre.showing_projects_of(ref.dept) or not rows:
            self.select_node(Node(PROJECTS_GROUP, ref.dept))
        else:
            self.select_node(Node(PROJECT, ref.dept, project=rows[0]))


class _TreeTarget:
    """Row operations on the node selected in the tree: a project or an indicator."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        node = window.current_node()
        self.node = node
        self.ref: ListRef | None = None
        self.row = 0
        if node is None:
            return
        if node.kind == PROJECT:
            self.ref, self.row = ListRef(node.dept, None, PROJECTS), node.project or 0
        elif node.kind == INDICATOR:
            self.ref, self.row = ListRef(node.dept, node.project, INDICATORS), node.row or 0
        elif node.kind == DEPT_INDICATOR and window.session is not None:
            key = window.session.family.sections[node.section or 0].key
            self.ref, self.row = ListRef(node.dept, None, key), node.row or 0

    def can(self, op: str) -> bool:
        return self.ref is not None and op in ("remove", "duplicate", "up", "down", "insert")

    def run(self, op: str) -> None:
        session = self.window.session
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


def _sample_entries() -> list[tuple[str, Path]]:
    """(label, path) of each bundled sample, labelled by the submitting department, year and province."""
    entries = []
    for path in samples():
        try:
            doc = projectfile.load(path)
        except ProjectFileError:
            continue
        entries.append((_sample_label(doc) or path.stem, path.resolve()))
    return entries


def _sample_label(doc: Document) -> str:
    """A sample by its submitting department, year and province, as the document says now."""
    dept = doc.departments[0] if doc.departments else None
    unit = (dept.supervisor or dept.unit_name) if dept else ""
    return f"{unit}　{doc.year}年　{family(doc.family).province}" if unit else ""


def _decoded(saved: str) -> QByteArray | None:
    """A saved window layout; None when missing or mangled (a hand-edited settings file)."""
    try:
        return QByteArray(base64.b64decode(saved, validate=True)) if saved else None
    except ValueError:      # binascii.Error
        return None
