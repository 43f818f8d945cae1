"""pytest-qt fixtures: one offscreen application set up as the program sets it up, and a
throw-away user profile (settings, autosaved copies) for every test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop import projectfile
from desktop.model import Document
from desktop.resources import resource

SAMPLES = {path.stem: path for path in sorted(resource("samples").glob("*" + projectfile.SUFFIX))}
# One sample per family, for screens that differ by family.
BY_FAMILY = {"H": "hebei-luanping-2026-xinfang", "N": "hunan-shifeng-2021-xinfang", "B": "hubei-ezhou-2024-xinfang"}


@pytest.fixture(autouse=True)
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "profile"
    monkeypatch.setenv("JIXIAO_PROFILE", str(folder))
    return folder


@pytest.fixture(autouse=True, scope="session")
def sample_copies(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests open copies: the window opens a bundled sample itself as an unsaved copy."""
    folder = tmp_path_factory.mktemp("samples")
    for name, path in SAMPLES.items():
        SAMPLES[name] = Path(shutil.copy2(path, folder / path.name))


def sample(name: str) -> Document:
    return projectfile.load(SAMPLES[name])


@pytest.fixture(autouse=True, scope="session")
def application(qapp):  # type: ignore[no-untyped-def]
    """The test application set up as the program sets itself up (Chinese Qt dialogs)."""
    from ui.app import setup_application

    setup_application(qapp)
    return qapp


@pytest.fixture
def window(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """A shown window, drawn and settled (what its start leaves for after the first paint is
    done); a question a test did not expect fails the test instead of waiting forever."""
    from ui import dialogs
    from ui.mainwindow import MainWindow
    from ui.settings import Settings

    for name in ("ask_save_changes", "ask_recover", "ask_export_with_errors", "show_error"):
        monkeypatch.setattr(dialogs, name, _unexpected(name))
    win = MainWindow(Settings())
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.is_settled)
    yield win
    if win.session is not None:
        win.session.stack.setClean()
    win.close()
    win.deleteLater()


def _unexpected(name: str):  # type: ignore[no-untyped-def]
    def ask(*args: object) -> str:
        raise AssertionError(f"unexpected dialog {name}{args[1:]}")
    return ask


def type_chinese(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """What an input method sends when the clerk picks ``text``: a commit string."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
