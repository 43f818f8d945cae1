"""The main window: the tree on the left, the selected node's editor in the centre (查找和替换
above it), the checking panel on the right, counts and save state in the status bar.

What opens, saves, recovers and exports documents is ``ui.document``; the tree and what is open
in it ``ui.treeview``; units ``ui.units``; 查找和替换 ``ui.find``; 显示比例 ``ui.zoom``; 帮助 ``ui.help``.
The window puts them together and routes the 编辑 menu's operations to the sheet or the tree.

A start draws the first screen before anything it does not show (issue 15): the start page, the
find bar and the help are made when first needed, and the tools with menu entries or panels of
their own (导入, 新建下一年度, 指标库, 自评) and Ctrl+wheel wait until the window is drawn
(``later``, run by ``settle`` one event-loop turn after the first paint).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QShowEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenu,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__, projectfile
from desktop.edits import PROJECTS, ListRef
from desktop.rules import Location, Problem
from ui import checking, rowops, units
from ui.autosave import AutoSaver
from ui.checking import CheckRunner, ProblemIndex
from ui.checkpanel import CheckPanel
from ui.document import DocumentController, sample_entries
from ui.editors.sheet import SheetView
from ui.editors.stack import EditorStack
from ui.models.tree import DEPT, INDICATOR, PROJECT, PROJECT_TABLE, PROJECTS_GROUP, DocumentTreeModel, Node
from ui.session import EditSession
from ui.settings import Settings, profile_dir
from ui.startpage import StartPage
from ui.statusbar import DocumentStatus
from ui.treeview import DocumentTree, TreeTarget
from ui.zoom import Zoom

if TYPE_CHECKING:       # made when first used
    from ui.exporting import ExportedBar
    from ui.find import FindBar
    from ui.help import HelpWindow

APP_NAME = "预算绩效目标编辑器"
SMALL_SCREEN = (1366, 768)      # on a screen this size or smaller the window first opens maximised
ZOOM_OUT = "Ctrl+-"
NARROW = 1200                   # a screen narrower (in Qt's pixels: 1366 at 125 % is 1093) tabs its two docks


class MainWindow(QMainWindow):
    drawn = Signal()        # the window's first paint is done
    settled = Signal()      # and so is what the start left for after it (``later``)

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self._later: list[Callable[[], object]] | None = []
        self._samples: list[tuple[str, Path]] | None = None
        self._settling = False
        self.settings = settings or Settings.load()
        self.session: EditSession | None = None
        self.runner: CheckRunner | None = None
        self._last_autosave: datetime | None = None
        self.undo_group = QUndoGroup(self)
        self.autosaver = AutoSaver(profile_dir(), self.settings.autosave_minutes, self)
        self.autosaver.saved.connect(self._autosaved)
        self.autosaver.failed.connect(self._autosave_failed)
        self.documents = DocumentController(self)
        self.open_file = self.documents.open
        self.save, self.save_as = self.documents.save, self.documents.save_as
        self.close_document, self.maybe_close_document = self.documents.close, self.documents.maybe_close
        self.offer_recovery, self.new_document = self.documents.recover, self.documents.new
        self.help: HelpWindow | None = None
        self._maximise = False
        self.setAcceptDrops(True)
        self._build_centre()
        self._build_docks()
        self._build_status()
        self._build_actions()
        self._restore_layout()
        self.later(self._install_tools)
        self._update_title()
        self._update_actions()
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

    # ================================================================ after the first paint

    def later(self, task: Callable[[], object]) -> None:
        """Do ``task`` once the window is drawn (at once if it has been): what the first screen
        does not need waits, so that the clerk sees the document sooner."""
        if self._later is None:
            task()
        else:
            self._later.append(task)

    @property
    def is_settled(self) -> bool:
        return self._later is None

    def settle(self) -> None:
        """Do now what waits for the first paint (also called by the first paint itself)."""
        tasks, self._later = self._later, None
        for task in tasks or ():
            task()
        if tasks is not None:
            self.settled.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._later is not None and not self._settling:      # the first paint: children are drawn with it
            self._settling = True
            QTimer.singleShot(0, self._drawn)

    def _drawn(self) -> None:
        self.drawn.emit()
        QTimer.singleShot(0, self.settle)

    def _install_tools(self) -> None:
        """The tools that add their own menu entries and panels: 导入 Word/Excel…, 新建下一年度…
        with 确认带入的数值, the indicator library (a tab beside 检查结果) and 自评. Installed
        once the window is drawn (``later``): the first screen needs none of them, and the saved
        layout places the library's panel when it comes (``restoreDockWidget``)."""
        from ui import importing, nextyear
        from ui import library as library_ui
        from ui import review as review_ui

        importing.install(self)
        self.act_next_year, self.act_confirm_carried, self.act_confirm_all_carried = nextyear.install(self)
        self.library_panel = library_ui.install(self)
        review_ui.install(self)

    @property
    def tree_model(self) -> DocumentTreeModel | None:
        return self.tree.tree_model

    # ================================================================ building

    def _build_centre(self) -> None:
        self.start = StartPage(self.sample_entries)
        self.start.newRequested.connect(self.new_document)
        self.start.openRequested.connect(lambda: self.open_file())
        self.start.fileRequested.connect(lambda path: self.open_file(Path(path)))
        self.start.helpRequested.connect(lambda: self.show_help())
        self.start.set_recent(self.settings.recent_files, self.settings.recent_labels)
        self.centre = EditorStack(self.start)
        self.centre.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.centre.openProject.connect(lambda d, p: self.select_node(Node(PROJECT, d, project=p)))
        self._find_bar: FindBar | None = None     # made when first opened (Ctrl+F)
        holder = QWidget()
        self._centre_column = column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.centre, 1)
        self.setCentralWidget(holder)
        self.zoom = Zoom(self.centre, self.settings.zoom)
        self.zoom.changed.connect(self._zoomed)
        self.later(self.zoom.listen)

    @property
    def exported(self) -> ExportedBar:
        """After an export, its file's buttons in the status bar."""
        return self.status.exported

    @property
    def find_bar(self) -> FindBar:
        """查找和替换, above the editors."""
        if self._find_bar is None:
            from ui.find import FindBar

            bar = self._find_bar = FindBar()
            bar.goTo.connect(self.go_to)
            bar.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self._centre_column.insertWidget(0, bar)
            bar.watch(self.session)
        return self._find_bar

    def _build_docks(self) -> None:
        self.tree = DocumentTree()
        self.tree.currentNodeChanged.connect(self._tree_current_changed)
        self.tree_dock = QDockWidget("目录", self)
        self.tree_dock.setObjectName("treeDock")
        self.tree_dock.setWidget(self.tree)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.tree_dock)
        self.panel = CheckPanel(self)
        self.panel.problemActivated.connect(self.go_to_problem)
        self.panel.rule_settings = self.settings.rule_settings    # the satisfaction floor its quick fixes use
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

    def _build_status(self) -> None:
        self.status = DocumentStatus(self.statusBar())
        self.count_labels, self.save_state = self.status.count_labels, self.status.save_state

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
        docs = self.documents
        self.act_new = self._action("新建(&N)…", self.new_document, ["Ctrl+N"], pix.SP_FileIcon, "新建绩效目标文档")
        self.act_open = self._action("打开(&O)…", lambda: self.open_file(), ["Ctrl+O"], pix.SP_DialogOpenButton,
                                     "打开绩效目标文件")
        self.act_save = self._action("保存(&S)", self.save, ["Ctrl+S"], pix.SP_DialogSaveButton, "保存到文件")
        self.act_save_as = self._action("另存为(&A)…", self.save_as, ["Ctrl+Shift+S"])
        self.act_close = self._action("关闭(&C)", self.close_document, ["Ctrl+W", "Ctrl+F4"])
        self.act_docx = self._action("导出 Word(&W)…", lambda: docs.export("docx"), None, pix.SP_FileDialogDetailedView,
                                     "导出为 Word 文档（.docx）")
        self.act_xlsx = self._action("导出 Excel(&E)…", lambda: docs.export("xlsx"), None, pix.SP_FileDialogListView,
                                     "导出为 Excel 工作簿（.xlsx）")
        self.act_print = self._action("打印(&P)…", docs.print_, ["Ctrl+P"], None,
                                      "生成 Word 文档并用 Word 或 WPS 打开，在其中打印")
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
        self.ops = rowops.actions(self, self._run_op)
        self.act_find = self._action("查找(&F)…", lambda: self._find(False), ["Ctrl+F"])
        self.act_replace = self._action("替换(&H)…", lambda: self._find(True), ["Ctrl+H"])
        self.act_find_next = self._action("查找下一个", lambda: self._find_step(1), ["F3"])
        self.act_find_prev = self._action("查找上一个", lambda: self._find_step(-1), ["Shift+F3"])
        self.act_new_project = self._action("新建项目(&P)", self.new_project, ["Ctrl+Shift+N"])
        self.act_copy_project = self._action("复制为新项目", self.copy_project)
        self.units = units.UnitActions(self)
        self.act_add_unit, self.act_rename_unit, self.act_unit_up, self.act_unit_down, self.act_remove_unit = \
            self.units.actions()
        self.act_next_problem = self._action("下一个问题", lambda: self.step_problem(1), ["F8"])
        self.act_prev_problem = self._action("上一个问题", lambda: self.step_problem(-1), ["Shift+F8"])
        self.act_zoom_in = self._action("放大", lambda: self.zoom.step(1), ["Ctrl+="])
        self.act_zoom_out = self._action("缩小", lambda: self.zoom.step(-1), [ZOOM_OUT])
        self.act_zoom_reset = self._action("实际大小（100%）", self.zoom.reset, ["Ctrl+0"])
        self.act_help = self._action("使用说明(&H)", self.show_help, ["F1"])
        self.act_about = self._action("关于(&A)", self.about)
        self._build_menus()
        self._build_toolbar()
        self.tree.addActions([self.act_new_project, self.act_copy_project]
                             + [self.ops[o] for o in rowops.TREE_OPS] + [_separator(self)] + self.units.actions())

    def _build_menus(self) -> None:
        menus = self.menuBar()
        self.file_menu = file_menu = menus.addMenu("文件(&F)")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(lambda: self.documents.fill_recent(self.recent_menu))
        samples_menu = file_menu.addMenu("打开示例(&M)")
        samples_menu.aboutToShow.connect(lambda: self._fill_samples(samples_menu))
        file_menu.addActions([self.act_save, self.act_save_as, self.act_close])
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("导出(&E)")
        export_menu.addActions([self.act_docx, self.act_xlsx])
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        file_menu.addActions([self.act_settings, self.act_quit])
        self.edit_menu = edit_menu = menus.addMenu("编辑(&E)")
        edit_menu.addActions([self.act_undo, self.act_redo])
        for group in rowops.MENU_GROUPS:
            edit_menu.addSeparator()
            edit_menu.addActions([self.ops[o] for o in group])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_find, self.act_replace, self.act_find_next, self.act_find_prev])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_new_project, self.act_copy_project])
        unit_menu = edit_menu.addMenu("单位(&U)")
        unit_menu.addActions(self.units.actions())
        self.view_menu = view_menu = menus.addMenu("查看(&V)")
        view_menu.addActions([self.tree_dock.toggleViewAction(), self.panel.toggleViewAction()])
        view_menu.addSeparator()
        view_menu.addActions([self.act_next_problem, self.act_prev_problem])
        view_menu.addSeparator()
        view_menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        help_menu = menus.addMenu("帮助(&H)")
        help_menu.addActions([self.act_help, self.act_about])

    def _build_toolbar(self) -> None:
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

    def add_tool_action(self, menu: QMenu, action: QAction, after: QAction | None = None) -> None:
        """A tool's entry in one of the window's menus, just after ``after`` (else at the end);
        its shortcut works anywhere in the window."""
        actions = menu.actions()
        at = actions.index(after) + 1 if after in actions else len(actions)
        menu.insertAction(actions[at] if at < len(actions) else None, action)   # type: ignore[arg-type]
        self.addAction(action)

    def sample_entries(self) -> list[tuple[str, Path]]:
        """The bundled samples' (label, path), read from their headers when first asked for."""
        if self._samples is None:
            self._samples = sample_entries()
        return self._samples

    def _fill_samples(self, menu: QMenu) -> None:
        if not menu.isEmpty():
            return
        for label, path in self.sample_entries():
            menu.addAction(label).triggered.connect(lambda _=False, p=path: self.open_file(p))

    def sheet_actions(self) -> list[QAction | None]:
        """The context menu of a sheet: the 编辑 menu's cell and row actions."""
        items: list[QAction | None] = []
        for group in rowops.MENU_GROUPS:
            items += ([None] if items else []) + [self.ops[o] for o in group]
        return items

    # ================================================================ settings and layout

    def _restore_layout(self) -> None:
        geometry, state = _decoded(self.settings.geometry), _decoded(self.settings.window_state)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QApplication.primaryScreen().availableGeometry()
            self.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
            self._maximise = screen_is_small()    # when first shown, unless sized before
        if state is None or not self.restoreState(state):
            em = self.fontMetrics().horizontalAdvance("中")
            if QApplication.primaryScreen().availableGeometry().width() < NARROW:
                # 125 % or 150 % of a small screen: 目录 and 检查结果 share one side as tabs, so
                # the page keeps the width of its widest table (the money table's last year)
                # (the library's tab beside 检查结果 moves too; a dock already in a tab group is
                # first taken to the tree's side, or tabifyDockWidget leaves it where it is)
                for dock in (self.panel, *self.tabifiedDockWidgets(self.panel)):
                    self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
                    self.tabifyDockWidget(self.tree_dock, dock)
                self.tree_dock.raise_()
                self.resizeDocks([self.tree_dock], [em * 20], Qt.Orientation.Horizontal)
            else:
                self.resizeDocks([self.tree_dock, self.panel], [em * 20, em * 24], Qt.Orientation.Horizontal)

    def _remember_layout(self) -> None:
        self.settings.geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode()
        self.settings.window_state = base64.b64encode(bytes(self.saveState().data())).decode()
        self.settings.save()

    def edit_settings(self) -> None:
        from ui import dialogs

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

    def _zoomed(self, percent: int) -> None:
        """A new 显示比例: remembered, and the pages made again at its size."""
        self.settings.zoom = percent
        self.settings.save()
        self.rebuild_pages()
        self.statusBar().showMessage(f"显示比例 {percent}%（Ctrl+0 恢复 100%）", 4000)

    # ================================================================ showing a document

    def show_session(self, session: EditSession) -> None:
        """Show a document (the current one must already be closed)."""
        self.session = session
        self.undo_group.addStack(session.stack)
        self.undo_group.setActiveStack(session.stack)
        session.stack.cleanChanged.connect(self._update_title)
        session.changed.connect(self._update_title)        # a sample copy's title tells its year
        session.changed.connect(self._update_save_state)
        self.units.watch(session)
        self.centre.attach(session)
        session.rowsFocusRequested.connect(self._rows_focus_requested)
        self.panel.watch(session)
        if self._find_bar is not None:
            self._find_bar.watch(session)
        self.runner = CheckRunner(session, self.settings.rule_settings, self)
        self.runner.checked.connect(self._checked)
        self.tree.show_document(session)
        self.tree.open_defaults()
        self.autosaver.watch(session)
        self.runner.run()
        self.select_node(Node(DEPT, 0))
        self.tree.setFocus()
        self._update_title()
        self._update_save_state()
        self._update_actions()

    open_session = show_session

    def teardown(self) -> None:
        """Let go of the document shown (its file handling is done): back to the start page."""
        session = self.session
        if session is None:
            return
        self.autosaver.watch(None)
        self.centre.detach()
        self.tree.show_document(None)
        if self.runner is not None:
            self.runner.deleteLater()
        self.runner = None
        self.undo_group.removeStack(session.stack)
        self.session = None
        session.deleteLater()
        self.panel.clear()
        if self._find_bar is not None:
            self._find_bar.watch(None)
        self.status.hide_exported()
        self._show_counts(checking.EMPTY)
        self.start.set_recent(self.settings.recent_files, self.settings.recent_labels)
        self._update_title()
        self._update_save_state()
        self._update_actions()

    def saved(self) -> None:
        self._update_title()
        self._update_save_state()

    def rebuild_pages(self) -> None:
        """Make the editor pages again (a new 显示比例, units added, removed or moved) and show
        the node shown before, or its unit when it has gone."""
        session = self.session
        if session is None:
            return
        node = self.current_node()
        self.drop_pages()
        self.make_pages(node)

    def drop_pages(self) -> None:
        session = self.session
        assert session is not None
        pages = self.centre.pages()
        self.centre.detach()
        for page in pages:      # now, not later: their models count units by position and must not hear of this change
            shiboken6.delete(page)
        for signal in (session.rowsAboutToBeInserted, session.rowsAboutToBeRemoved):   # attach connects again
            signal.disconnect(self.centre._projects_about_to_change)

    def make_pages(self, node: Node | None) -> None:
        session = self.session
        assert session is not None
        self.centre.attach(session)
        if self.runner is not None:
            self.centre.set_problems(self.runner.index)
        if node is not None and self.tree_model is not None:
            self.centre.show_node(node)

    def commit_open_editors(self) -> None:
        """Take in a cell still being typed into (before saving, exporting or closing)."""
        target = self._edit_target()
        if isinstance(target, SheetView):
            target.commit_open_editor()

    def _autosaved(self, when: datetime) -> None:
        self._last_autosave = when
        self._update_save_state()

    def _autosave_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    # ================================================================ finding, help

    def _find(self, replacing: bool) -> None:
        if self.session is not None:
            self.commit_open_editors()
            self.find_bar.open(replacing)

    def _find_step(self, step: int) -> None:
        if self.session is None:
            return
        if self._find_bar is None or not self._find_bar.isVisible() or not self._find_bar.find_edit.text():
            self._find(False)
            return
        self.find_bar.step(step)

    def show_help(self) -> None:
        """F1: 使用说明, beside the window."""
        if self.help is None:
            from ui.help import HelpWindow

            self.help = HelpWindow(self)
        self.help.show()
        self.help.raise_()
        self.help.activateWindow()

    # ================================================================ window events

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_close_document():
            event.ignore()
            return
        self._remember_layout()
        self.hide()             # going: the start page the teardown brings back is not made to be drawn
        self.teardown()
        self.autosaver.close()
        self.zoom.restore()
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """The first start on a small screen opens maximised."""
        if self._maximise:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
            self._maximise = False
        super().showEvent(event)

    def resize(self, *size: object) -> None:  # type: ignore[override]
        """A caller that sizes the window (a test, a screenshot) keeps that size."""
        self._maximise = False
        super().resize(*size)

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
        from PySide6.QtWidgets import QMessageBox

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
        copy = self._last_autosave is not None and self.autosaver.copy_path.exists()
        self.status.show_save_state(self.session, self._last_autosave if copy else None)

    def _show_counts(self, index: ProblemIndex) -> None:
        self.status.show_counts(index, self.session is not None)

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        has_doc = self.session is not None
        for action in (self.act_save, self.act_save_as, self.act_close, self.act_docx, self.act_xlsx, self.act_print,
                       self.act_next_problem, self.act_prev_problem, self.act_find, self.act_replace,
                       self.act_find_next, self.act_find_prev):
            action.setEnabled(has_doc)
        target = self._edit_target()
        for op, action in self.ops.items():
            action.setEnabled(target is not None and target.can(op))
        has_projects = has_doc and self.session is not None and self.session.family.has_projects
        self.act_new_project.setEnabled(has_projects)
        self.act_copy_project.setEnabled(has_projects and self._current_project() is not None)
        self.units.update()
        # Ctrl+- deletes rows where there are rows to delete (as in Excel), and zooms out elsewhere
        remove = self.ops["remove"]
        self.act_zoom_out.setShortcuts([] if remove.isEnabled() and ZOOM_OUT in rowops.keys("remove")
                                       else [QKeySequence(ZOOM_OUT)])

    # ================================================================ editing targets

    def _edit_target(self) -> SheetView | TreeTarget | None:
        widget: QWidget | None = QApplication.focusWidget()
        while widget is not None:
            if isinstance(widget, SheetView):
                return widget
            if widget is self.tree:
                return TreeTarget(self.tree)
            widget = widget.parentWidget()
        return None

    def _run_op(self, op: str) -> None:
        target = self._edit_target()
        if target is not None and target.can(op):
            target.run(op)

    def _current_project(self) -> tuple[int, int] | None:
        node = self.current_node()
        if node is not None and node.kind in (PROJECT, INDICATOR, PROJECT_TABLE) and node.project is not None:
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

    def step_problem(self, step: int) -> None:
        """F8 / Shift+F8: the next or previous problem in the panel, and its place."""
        problem = self.panel.step(step)
        if problem is not None:
            self.go_to(problem.location)

    # ================================================================ navigation

    def current_node(self) -> Node | None:
        return self.tree.current_node()

    def select_node(self, node: Node) -> None:
        """Make ``node`` the tree's current item, which shows its editor."""
        self.tree.select_node(node)

    def go_to(self, loc: Location) -> None:
        """Show the editor holding ``loc`` and put the focus on its field or cell."""
        if self.tree_model is None or self.session is None or loc.dept >= len(self.session.doc.departments):
            return
        self.select_node(self.tree_model.nodes_for(loc)[-1])
        page = self.centre.current_page()
        if page is not None:
            page.focus_location(loc)

    def _tree_current_changed(self, node: Node | None) -> None:
        if node is not None and self.session is not None:
            self.centre.show_node(node)
        self._update_actions()

    # ================================================================ projects moving under the editor

    def _rows_focus_requested(self, ref: ListRef, rows: list[int]) -> None:
        """After projects or units were added, removed or moved, show the one the command points at."""
        if self.tree_model is None:
            return
        if units.is_units(ref):
            self.select_node(Node(DEPT, rows[0] if rows else 0))
        elif ref.table != PROJECTS:
            return
        elif self.centre.showing_projects_of(ref.dept) or not rows:
            self.select_node(Node(PROJECTS_GROUP, ref.dept))
        else:
            self.select_node(Node(PROJECT, ref.dept, project=rows[0]))


def screen_is_small() -> bool:
    """A screen of 1366×768 or less (the commonest office laptop): the window opens maximised."""
    size = QApplication.primaryScreen().availableGeometry().size()
    return size.width() <= SMALL_SCREEN[0] or size.height() <= SMALL_SCREEN[1]


def _separator(parent: QWidget) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action


def _decoded(saved: str) -> QByteArray | None:
    """A saved window layout; None when missing or mangled (a hand-edited settings file)."""
    try:
        return QByteArray(base64.b64decode(saved, validate=True)) if saved else None
    except ValueError:      # binascii.Error
        return None
