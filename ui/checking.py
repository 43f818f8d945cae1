"""Live checking: the checker runs shortly after each change, and its problems are indexed by
place so that tables, fields, the tree and the panel can each find theirs quickly."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.rules import Checker, Location, Problem, RuleSettings, Severity
from ui.session import EditSession

DEBOUNCE_MS = 40
ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_RANK = {s: i for i, s in enumerate(ORDER)}

# Cell backgrounds and text colours per severity, readable on white and on selection.
BACKGROUND = {Severity.ERROR: QColor("#fbd5d3"), Severity.WARNING: QColor("#fde9b6"),
              Severity.INFO: QColor("#dcebfb")}
FOREGROUND = {Severity.ERROR: QColor("#b3261e"), Severity.WARNING: QColor("#8a5a00"),
              Severity.INFO: QColor("#1f5fa8")}
COMPUTED = QColor("#6b6b6b")  # a value shown because the cell is empty, not typed
_ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}


def severity_icon(severity: Severity) -> QIcon:
    return QApplication.style().standardIcon(_ICONS[severity])


def worst(problems: Iterable[Problem]) -> Severity | None:
    found = min((_RANK[p.severity] for p in problems), default=None)
    return None if found is None else ORDER[found]


def tooltip(problems: Iterable[Problem]) -> str:
    """Problems as a tooltip: message and hint, most severe first."""
    lines = [f"{p.severity.value}：{p.message}（{p.hint}）"
             for p in sorted(problems, key=lambda p: _RANK[p.severity])]
    return "\n".join(lines)


class _Places:
    """Problems found by exact location, by project and by department part; counts by severity."""

    def __init__(self, problems: list[Problem]) -> None:
        self.at: dict[Location, list[Problem]] = defaultdict(list)
        self.project: dict[tuple[int, int], list[Problem]] = defaultdict(list)
        self.part: dict[tuple[int, str], list[Problem]] = defaultdict(list)
        for problem in problems:
            loc = problem.location
            self.at[loc].append(problem)
            if loc.project is not None:
                self.project[(loc.dept, loc.project)].append(problem)
            else:
                self.part[(loc.dept, loc.table or loc.field or "")].append(problem)
        self.counts = {s: 0 for s in ORDER}
        for problem in problems:
            self.counts[problem.severity] += 1


class ProblemIndex:
    """One check's problems, found by exact location, by project and by department part.

    Built from a ``Checker``'s result (``kept`` and ``fresh``) and the previous index, it indexes
    again only the projects whose problems are new: each project's list is indexed once and
    reused while the project is unchanged, so that an edit among 20,000 problems costs one project."""

    def __init__(self, problems: list[Problem], kept: list[list[Problem]] | None = None,
                 fresh: list[Problem] | None = None, previous: ProblemIndex | None = None) -> None:
        self.problems = problems
        if kept is None or fresh is None:
            kept, fresh = [], problems
        self._groups = [fresh, *kept]
        known = previous._kept if previous is not None else {}
        self._kept: dict[int, tuple[list[Problem], _Places]] = {}
        self._fresh = _Places(fresh)
        self._at: dict[Location, list[Problem]] = {}
        self._project: dict[tuple[int, int], list[Problem]] = {}
        self.counts = dict(self._fresh.counts)
        for problems_of in kept:
            found = known.get(id(problems_of))
            places = found[1] if found is not None and found[0] is problems_of else _Places(problems_of)
            self._kept[id(problems_of)] = (problems_of, places)
            self._at.update(places.at)      # each project's locations are its own: no key is in two
            self._project.update(places.project)
            for severity, count in places.counts.items():
                self.counts[severity] += count

    def groups(self) -> list[list[Problem]]:
        """The problems in groups: first those found anew (anywhere), then one group for each
        project's own problems, the same list object as in the previous index while the project
        is unchanged (a view can keep what it made of a group by the group's identity). Every
        problem is in one group; no two project groups share a location; within a group, and for
        any one location across groups, problems are in document order."""
        return self._groups

    def at(self, loc: Location) -> list[Problem]:
        fresh, kept = self._fresh.at.get(loc), self._at.get(loc)
        if fresh and kept:
            return fresh + kept         # a fresh problem comes first in the document (see ``Checker``)
        return fresh or kept or []

    def in_project(self, dept: int, project: int) -> list[Problem]:
        fresh, kept = self._fresh.project.get((dept, project)), self._project.get((dept, project))
        if fresh and kept:
            return fresh + kept
        return fresh or kept or []

    def in_part(self, dept: int, part: str) -> list[Problem]:
        """Department-level problems of a section, table or field (``part`` is its key)."""
        return self._fresh.part.get((dept, part), [])


EMPTY = ProblemIndex([])


class CheckRunner(QObject):
    """Runs the checker ``DEBOUNCE_MS`` after the last change and publishes the result."""

    checked = Signal(object)  # ProblemIndex

    def __init__(self, session: EditSession, settings: Callable[[], RuleSettings],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.index = EMPTY
        self._checker = Checker()       # re-checks only the projects an edit changed
        self._published = False
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.run)
        session.changed.connect(self._timer.start)

    def pending(self) -> bool:
        """Whether a change is waiting for its check (the debounce timer is running)."""
        return self._timer.isActive()

    def run(self) -> None:
        """Check now; views hear of it only when the problems differ from the last published
        ones (most keystrokes change none, and a large list is slow to redraw)."""
        self._timer.stop()
        checker = self._checker
        problems = checker.check(self.session.doc, self.settings())
        if self._published and problems == self.index.problems:    # the same objects, mostly: quick
            return
        self._published = True
        self.index = ProblemIndex(problems, checker.kept, checker.fresh, self.index)
        self.checked.emit(self.index)
