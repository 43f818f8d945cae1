"""The program's entry point (ui/__main__.py) as the windowed program meets it, and the about box."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import desktop
from tests.ui.conftest import SAMPLES
from ui import app

ROOT = Path(__file__).resolve().parents[2]


def frozen_entry():  # type: ignore[no-untyped-def]
    """``main`` as the frozen programs import it (build/launcher.py)."""
    spec = importlib.util.spec_from_file_location("jixiao_launcher", ROOT / "build" / "launcher.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


@pytest.mark.parametrize("argv", [["甲.jxmb", "乙.jxmb"], ["--help"], ["check", "甲.jxmb"]])
def test_the_windowed_program_takes_whatever_it_is_given_as_files_for_the_window(argv, monkeypatch):
    """Explorer passes files dropped on the icon as arguments; the windowed exe has no stderr,
    and argparse used to write its usage error there (AttributeError: 'NoneType' … 'write')."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    started: list[list[str]] = []
    monkeypatch.setattr(app, "main", lambda files: started.append(list(files)) or 0)
    assert frozen_entry()(argv) == 0
    assert started == [argv]
    sys.stderr.write("nothing a library prints can fail now\n")


def test_several_files_open_the_first_and_the_status_bar_names_the_others(window):
    first, second, third = (str(SAMPLES[name]) for name in list(SAMPLES)[:3])
    app.open_given(window, [first, second, third])
    assert window.session is not None and window.session.path == Path(first).resolve()
    message = window.statusBar().currentMessage()
    assert message == (f"一次只打开一个文件，另有 2 个文件未打开（可从「文件 › 打开」逐个打开）："
                       f"“{Path(second).name}”、“{Path(third).name}”")


def test_one_file_opens_without_a_note(window):
    app.open_given(window, [str(SAMPLES["hubei-ezhou-2024-xinfang"])])
    assert window.session is not None and "尚未打开" not in window.statusBar().currentMessage()


def test_the_about_box_shows_the_version(window, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about()
    assert f"版本 {desktop.__version__}" in shown[0]
