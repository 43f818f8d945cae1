"""Live checking: the checker runs shortly after each change, and its problems are indexed by
place so that tables, fields, the tree and the panel can each find theirs quickly."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.rules import Location, Problem, RuleSettings, Severity, check
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


class ProblemIndex:
    """One check's problems, found by exact location, by project and by department part."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self._at: dict[Location, list[Problem]] = defaultdict(list)
        self._project: dict[tuple[int, int], list[Problem]] = defaultdict(list)
        self._part: dict[tuple[int, str], list[Problem]] = defaultdict(list)
        for problem in problems:
            loc = problem.location
            self._at[loc].append(problem)
            if loc.project is not None:
                self._project[(loc.dept, loc.project)].append(problem)
            else:
                self._part[(loc.dept, loc.table or loc.field or "")].append(problem)
        self.counts = {s: 0 for s in ORDER}
        for problem in problems:
            self.counts[problem.severity] += 1

    def at(self, loc: Location) -> list[Problem]:
        return self._at.get(loc, [])

    def in_project(self, dept: int, project: int) -> list[Problem]:
        return self._project.get((dept, project), [])

    def in_part(self, dept: int, part: str) -> list[Problem]:
        """Department-level problems of a section, table or field (``part`` is its key)."""
        return self._part.get((dept, part), [])


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
        problems = check(self.session.doc, self.settings())
        if self._published and problems == self.index.problems:
            return
        self._published = True
        self.index = ProblemIndex(problems)
        self.checked.emit(self.index)
