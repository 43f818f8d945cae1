"""The window's centre: the start page, or the editor of the node selected in the tree.

Pages are made when first shown: one department page and one projects page per department,
and a single project page rebound to whichever project is selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop.edits import PROJECTS, ListRef
from desktop.families import TableDef
from desktop.rules import Location
from ui.checking import EMPTY, ProblemIndex
from ui.editors.department import DepartmentPage
from ui.editors.page import FormPage
from ui.models.tree import DEPT, DEPT_INDICATOR, INDICATOR, PART, PROJECT_TABLE, PROJECTS_GROUP, SECTION, Node
from ui.session import EditSession

if TYPE_CHECKING:       # imported when first shown: the first screen is a department page
    from ui.editors.project import ProjectPage
    from ui.editors.projects import ProjectsPage

PageT = TypeVar("PageT", bound=FormPage)


class EditorStack(QStackedWidget):
    message = Signal(str)
    openProject = Signal(int, int)   # dept, project: from the projects page

    def __init__(self, start: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = start
        self.addWidget(start)
        self.session: EditSession | None = None
        self.problems = EMPTY
        self.dept_pages: dict[int, DepartmentPage] = {}
        self.projects_pages: dict[int, ProjectsPage] = {}
        self.project_page: ProjectPage | None = None

    def attach(self, session: EditSession) -> None:
        self.session = session
        self.problems = EMPTY
        session.rowsAboutToBeInserted.connect(self._projects_about_to_change)
        session.rowsAboutToBeRemoved.connect(self._projects_about_to_change)

    def detach(self) -> None:
        """Back to the start page; the pages of the closed document go."""
        self.setCurrentWidget(self.start)
        for page in self.pages():
            self.removeWidget(page)
            page.deleteLater()
        self.dept_pages, self.projects_pages, self.project_page = {}, {}, None
        self.session = None

    def pages(self) -> list[FormPage]:
        pages: list[FormPage] = [*self.dept_pages.values(), *self.projects_pages.values()]
        return pages + ([self.project_page] if self.project_page is not None else [])

    def current_page(self) -> FormPage | None:
        page = self.currentWidget()
        return page if isinstance(page, FormPage) else None

    def set_problems(self, index: ProblemIndex) -> None:
        self.problems = index
        for page in self.pages():
            page.set_problems(index)

    def show_node(self, node: Node) -> None:
        """Show the editor of a tree node: its page, scrolled to its section or indicator row."""
        assert self.session is not None
        assert self.session.family.department is not None
        sections = self.session.family.department.sections
        if node.kind in (DEPT, PART, SECTION, DEPT_INDICATOR):
            page = self._dept_page(node.dept)
            self.setCurrentWidget(page)
            if node.kind == SECTION:
                page.scroll_to(sections[node.section or 0].key)
            elif node.kind == DEPT_INDICATOR:
                section = sections[node.section or 0]
                _select_row(page, Location(node.dept, table=section.key, row=node.row, field=_level3(section.table)))
            else:
                page.scroll_to("header")
        elif node.kind == PROJECTS_GROUP:
            self.setCurrentWidget(self._projects_page(node.dept))
        else:
            project = node.project or 0
            project_page = self._project_page(node.dept, project)
            if (project_page.dept, project_page.project) != (node.dept, project) or project_page.indicators.ref is None:
                project_page.bind(node.dept, project)
            self.setCurrentWidget(project_page)
            if node.kind == INDICATOR:      # a row of the project's table number node.section
                table = project_page.tables[min(node.section or 0, len(project_page.tables) - 1)].table
                _select_row(project_page, Location(node.dept, project, table.key, node.row, _level3(table)))
            elif node.kind == PROJECT_TABLE and node.section is not None and node.section < len(project_page.tables):
                project_page.scroll_to(project_page.tables[node.section].table.key)

    def showing_projects_of(self, dept: int) -> bool:
        return self.currentWidget() is self.projects_pages.get(dept)

    def _dept_page(self, dept: int) -> DepartmentPage:
        if dept not in self.dept_pages:
            self.dept_pages[dept] = self._add(DepartmentPage(self._session(), dept))
        return self.dept_pages[dept]

    def _projects_page(self, dept: int) -> ProjectsPage:
        if dept not in self.projects_pages:
            from ui.editors.projects import ProjectsPage

            page = self._add(ProjectsPage(self._session(), dept))
            page.openProject.connect(self.openProject)
            self.projects_pages[dept] = page
        return self.projects_pages[dept]

    def _project_page(self, dept: int, project: int) -> ProjectPage:
        if self.project_page is None:
            from ui.editors.project import ProjectPage

            self.project_page = self._add(ProjectPage(self._session(), dept, project))
        return self.project_page

    def _add(self, page: PageT) -> PageT:
        page.message.connect(self.message)
        page.set_problems(self.problems)
        self.addWidget(page)
        return page

    def _session(self) -> EditSession:
        assert self.session is not None
        return self.session

    def _projects_about_to_change(self, ref: ListRef, first: int, last: int) -> None:
        """The project page lets go of its project; the window re-selects one afterwards."""
        if ref.table == PROJECTS and self.project_page is not None:
            self.project_page.unbind()


def _level3(table: TableDef | None) -> str | None:
    """The key of a table's 三级指标 column, the cell a tree row selects."""
    return table.by_role("level3").key if table is not None and table.by_role("level3") is not None else None


def _select_row(page: FormPage, loc: Location) -> None:
    """Select an indicator's row in its sheet without taking the focus from the tree."""
    for view in page.sheets:
        cell = view.doc_model().cell_of(loc)
        if cell is not None:
            # (not QTableView.selectRow, which toggles the row while Ctrl is held)
            index = view.model().index(cell[0], 0)
            flags = QItemSelectionModel.SelectionFlag
            view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            view.reveal(index)
            return
