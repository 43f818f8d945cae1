"""Progress of a long export, reported to whoever started it, who may cancel it.

The domain knows nothing of windows: the caller passes a plain ``progress(done, total)`` callable
that returns False to cancel. A cancelled export raises ``ExportCancelled`` before anything is
written, so the target is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], bool]


class ExportCancelled(Exception):
    """The export was cancelled through its progress callback; no file was written."""


class Steps:
    """Counts the steps of one export and reports each to ``progress``."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(1, total)
        self.done = 0

    def advance(self, count: int = 1) -> None:
        """``count`` more steps are done; raises ``ExportCancelled`` if the caller says stop."""
        self.done = min(self.total, self.done + count)
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise ExportCancelled

    def finish(self) -> None:
        """Everything is built: the last chance to cancel before the file is written."""
        self.advance(self.total - self.done)
