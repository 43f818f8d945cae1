"""Autosave beside, never over, the clerk's file; recovery after a real crash of another process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop import projectfile
from tests.ui.conftest import SAMPLES
from ui import dialogs
from ui.autosave import AutoSaver, autosave_dir, leftovers
from ui.mainwindow import MainWindow
from ui.models.tree import PROJECT, Node
from ui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_copy_goes_to_the_profile_never_over_the_file_and_a_clean_exit_removes_it(qtbot, tmp_path, profile):
    mine = tmp_path / "定州.jxmb"
    shutil.copy(SAMPLES["hebei-dingzhou-2020-xinfang"], mine)
    original = mine.read_bytes()
    window = MainWindow(Settings())
    window.open_file(mine)
    saver = window.autosaver
    assert saver.timer.interval() == 60_000 and saver.timer.isActive()
    assert not saver.save_now(), "nothing to keep while the document is saved"
    window.select_node(Node(PROJECT, 0, project=0))
    name = next(b.widget for b in window.centre.project_page.bindings if b.label == "项目名称")
    name.setFocus()
    name.end(False)     # the window is not shown: the field never had focus
    qtbot.keyClicks(name, "X")
    assert saver.save_now()
    assert saver.copy_path.parent == autosave_dir(profile)
    assert projectfile.load(saver.copy_path).departments[0].projects[0].name.endswith("X")
    assert mine.read_bytes() == original
    assert "已自动备份" in window.save_state.text()
    assert not saver.save_now(), "no new copy without a new change"
    window.save()
    assert not saver.copy_path.exists()
    qtbot.keyClicks(name, "Y")
    saver.save_now()
    window.session.stack.setClean()
    window.close()
    assert list(autosave_dir(profile).iterdir()) == []


def test_a_running_window_copy_is_not_offered_to_another(profile, qtbot):
    running = AutoSaver(profile, 1)
    window = MainWindow(Settings())
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    running.watch(window.session)
    window.session.stack.resetClean()
    assert running.save_now()
    assert leftovers(profile) == []
    running.close()
    window.session.stack.setClean()
    window.close()


_CRASHING_EDITOR = """
import os, sys
from pathlib import Path
from ui.app import create_application
from ui.mainwindow import MainWindow
from ui.models.tree import Node, PROJECT

app = create_application(sys.argv[:1])
window = MainWindow()
window.open_file(Path(sys.argv[1]))
window.select_node(Node(PROJECT, 0, project=1))
name = next(b for b in window.centre.project_page.bindings if b.label == "项目名称")
name.widget.setText("信访维稳经费（修订）")
name.widget.textEdited.emit(name.widget.text())
assert window.autosaver.save_now()
print("crashing", flush=True)
os._exit(3)
"""


def test_recovery_after_a_crash_shows_when_the_copy_was_made(qtbot, tmp_path, profile, monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_PROFILE=str(profile), PYTHONPATH=str(ROOT))
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent(_CRASHING_EDITOR), str(mine)], env=env,
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert crashed.returncode == 3 and "crashing" in crashed.stdout, crashed.stderr

    offered = []

    def recover(parent, leftover):  # type: ignore[no-untyped-def]
        offered.append(leftover)
        return dialogs.RECOVER

    monkeypatch.setattr(dialogs, "ask_recover", recover)
    window = MainWindow(Settings())
    assert window.offer_recovery()
    (leftover,) = offered
    assert leftover.original == mine.resolve() and leftover.name == "滦平.jxmb"
    assert not leftover.copy.exists(), "the crashed copy is replaced by this window's own"
    assert window.autosaver.copy_path.exists()
    assert window.session.doc.departments[0].projects[1].name == "信访维稳经费（修订）"
    assert window.session.path == mine.resolve() and window.isWindowModified()
    assert projectfile.load(mine).departments[0].projects[1].name == "信访维稳经费"
    assert window.windowTitle() == "滦平.jxmb[*] — 预算绩效目标编辑器"
    window.session.stack.setClean()
    window.close()
    assert leftovers(profile) == []


def test_a_copy_can_be_discarded(profile, tmp_path, monkeypatch):
    saver = AutoSaver(profile, 0)
    window = MainWindow(Settings())
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    saver.watch(window.session)
    window.session.stack.resetClean()
    saver.save_now()
    saver._lock.unlock()   # as if that window had died, leaving its copy behind
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, leftover: dialogs.DISCARD)
    assert not window.offer_recovery()
    assert not saver.copy_path.exists()
    window.session.stack.setClean()
    window.close()


_TYPING_EDITOR = """
import sys
from pathlib import Path
from PySide6.QtTest import QTest
from ui.app import create_application
from ui.mainwindow import MainWindow
from ui.models.tree import Node, PROJECT

app = create_application(sys.argv[:1])
window = MainWindow()
window.show()
window.open_file(Path(sys.argv[1]))
window.select_node(Node(PROJECT, 0, project=1))
name = next(b.widget for b in window.centre.project_page.bindings if b.label == "项目名称")
name.setFocus()
name.end(False)
QTest.keyClicks(name, "A")
assert window.autosaver.save_now()
QTest.keyClicks(name, "BCDEFG")             # the same field: merged into the same undo command
window.autosaver.save_now()
print("typed", flush=True)
app.exec()                                   # until killed
"""


def test_typing_on_after_a_copy_is_kept_when_the_editor_is_killed(qtbot, tmp_path, profile, monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_PROFILE=str(profile), PYTHONPATH=str(ROOT))
    editor = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_TYPING_EDITOR), str(mine)], env=env,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(120, editor.kill)    # a hung child must not hang the suite
    watchdog.start()
    try:
        line = editor.stdout.readline()
        assert line.strip() == "typed", editor.stderr.read() if editor.poll() is not None else line
    finally:
        editor.kill()                        # SIGKILL: no clean-up of any kind
        editor.wait(60)
        watchdog.cancel()
        editor.stdout.close()
        editor.stderr.close()
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, leftover: dialogs.RECOVER)
    window = MainWindow(Settings())
    assert window.offer_recovery()
    assert window.session.doc.departments[0].projects[1].name == "信访维稳经费ABCDEFG"
    window.session.stack.setClean()
    window.close()


def test_an_undo_then_a_different_edit_gets_a_new_copy(qtbot, profile):
    window = MainWindow(Settings())
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    name = next(b.widget for b in window.centre.project_page.bindings if b.label == "项目名称")
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, "X")
    saver = window.autosaver
    assert saver.save_now()
    window.session.stack.undo()
    window.select_node(Node(PROJECT, 0, project=1))
    other = next(b.widget for b in window.centre.project_page.bindings if b.label == "项目名称")
    other.setFocus()
    other.end(False)
    qtbot.keyClicks(other, "Y")
    assert window.session.stack.index() == 1        # the same index as when the copy was made
    assert saver.save_now()
    projects = projectfile.load(saver.copy_path).departments[0].projects
    assert not projects[0].name.endswith("X") and projects[1].name.endswith("Y")
    window.session.stack.setClean()
    window.close()


def test_a_copy_follows_a_few_seconds_after_the_last_change_without_waiting_for_the_interval(qtbot, profile):
    window = MainWindow(Settings(autosave_minutes=10))
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    saver = window.autosaver
    window.select_node(Node(PROJECT, 0, project=0))
    name = next(b.widget for b in window.centre.project_page.bindings if b.label == "项目名称")
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, "X")
    assert saver.quiet.isActive() and saver.quiet.interval() == 3000 and not saver.copy_path.exists()
    assert saver.timer.interval() == 10 * 60_000 and saver.timer.isActive()   # the longest wait while typing on
    saver.quiet.setInterval(1)              # the quiet pause, shortened: no real wait in the test
    qtbot.keyClicks(name, "Y")              # each change starts the pause again
    qtbot.waitUntil(saver.copy_path.exists, timeout=5000)
    assert projectfile.load(saver.copy_path).departments[0].projects[0].name.endswith("XY")
    assert not saver.quiet.isActive()
    window.session.stack.setClean()
    window.close()


def test_turning_autosave_off_stops_the_pause_too(qtbot, profile):
    window = MainWindow(Settings(autosave_minutes=0))
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.session.stack.resetClean()
    window.session.stack.indexChanged.emit(0)
    assert not window.autosaver.quiet.isActive() and not window.autosaver.timer.isActive()
    window.autosaver.set_interval(2)
    window.session.stack.indexChanged.emit(0)
    assert window.autosaver.quiet.isActive()
    window.session.stack.setClean()
    window.close()


def _stale_temp(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left by a crash")
    os.utime(path, (0, 0))
    return path


def test_temp_files_left_by_crashes_go_at_start_and_when_a_file_is_opened(qtbot, tmp_path, profile):
    in_profile = [_stale_temp(profile / "~jxabcd1234.tmp"), _stale_temp(autosave_dir(profile) / "~jx5678efgh.tmp"),
                  _stale_temp(autosave_dir(profile) / "~0123abcd.jxmb.x1y2z3w4.tmp")]
    mine = tmp_path / "定州.jxmb"
    shutil.copy(SAMPLES["hebei-dingzhou-2020-xinfang"], mine)
    beside = _stale_temp(tmp_path / "~定州.jxmb.qwer_tyu.tmp")
    window = MainWindow(Settings())
    assert not any(p.exists() for p in in_profile)
    assert beside.exists()
    window.open_file(mine)
    assert not beside.exists()
    window.close()


def test_a_file_with_a_key_no_file_can_hold_opens_autosaves_and_saves(qtbot, tmp_path, profile):
    path = tmp_path / "坏键.jxmb"
    path.write_bytes(b'{"format":"jxmb","version":2,"document":{"year":2020,"family":"H",'
                     b'"departments":[{"texts":{"\\ud800":"x"}}]}}')
    window = MainWindow(Settings())
    assert window.open_file(path)
    window.session.stack.resetClean()
    window.session.stack.indexChanged.emit(0)
    assert window.autosaver.save_now()
    assert window.save()
    assert projectfile.load(path) == window.session.doc
    window.close()


def test_a_copy_that_cannot_be_written_says_why_instead_of_raising(qtbot, profile):
    window = MainWindow(Settings())
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.session.doc.departments[0].unit_name = "滦平\ud800"      # however it got there
    window.session.stack.resetClean()
    window.session.stack.indexChanged.emit(0)
    with qtbot.waitSignal(window.autosaver.failed) as failed:
        assert not window.autosaver.save_now()
    assert "单位名称" in failed.args[0] and "无法保存的字符" in failed.args[0]
    assert "单位名称" in window.statusBar().currentMessage()
    window.session.stack.setClean()
    window.close()


def _hook_for(window, monkeypatch):  # type: ignore[no-untyped-def]
    from ui import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return app._report_unexpected(window), shown


def _raise(error: BaseException):  # type: ignore[no-untyped-def]
    try:
        raise error
    except BaseException as caught:     # noqa: BLE001
        return type(caught), caught, caught.__traceback__


def test_the_crash_hook_still_tells_the_clerk_when_autosaving_fails_inside_it(qtbot, profile, monkeypatch):
    window = MainWindow(Settings())
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    hook, shown = _hook_for(window, monkeypatch)

    def broken() -> bool:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(window.autosaver, "save_now", broken)
    hook(*_raise(ValueError("原来的错误")))
    (message,) = shown
    assert message.startswith("程序遇到了意外的错误") and "没能自动备份" in message
    log = (profile / "error.log").read_text(encoding="utf-8")
    assert "原来的错误" in log and "UnicodeEncodeError" in log and str(profile / "error.log") in message
    window.close()


def test_the_crash_hook_prints_in_chinese_when_no_dialog_can_be_shown(qtbot, profile, monkeypatch, capsys):
    from ui import app

    window = MainWindow(Settings())
    hook = app._report_unexpected(window)

    def no_dialog(*args):  # type: ignore[no-untyped-def]
        raise RuntimeError("no screen")

    monkeypatch.setattr(QMessageBox, "critical", no_dialog)
    hook(*_raise(ValueError("原来的错误")))
    assert "程序遇到了意外的错误" in capsys.readouterr().err
    assert "no screen" in (profile / "error.log").read_text(encoding="utf-8")
    window.close()


def test_an_error_while_the_crash_dialog_is_open_is_logged_without_a_second_dialog(qtbot, profile, monkeypatch):
    window = MainWindow(Settings())
    hook, shown = _hook_for(window, monkeypatch)

    def dialog_that_fails_again(parent, title, text):  # type: ignore[no-untyped-def]
        shown.append(text)
        hook(*_raise(KeyError("第二个错误")))          # an error in an event handled during the dialog

    monkeypatch.setattr(QMessageBox, "critical", dialog_that_fails_again)
    hook(*_raise(ValueError("第一个错误")))
    assert len(shown) == 1
    log = (profile / "error.log").read_text(encoding="utf-8")
    assert "第一个错误" in log and "第二个错误" in log
    window.close()


# ---------------------------------------------------------------- the same file in two editors

def _other_window(qtbot):  # type: ignore[no-untyped-def]
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    return window


def test_a_file_open_in_another_window_is_opened_only_after_a_warning(qtbot, tmp_path, profile, monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    first, second = _other_window(qtbot), _other_window(qtbot)
    assert first.open_file(mine)
    asked = []
    monkeypatch.setattr(dialogs, "ask_open_anyway", lambda parent, name: asked.append(name) or False)
    assert not second.open_file(mine) and second.session is None
    assert asked == ["滦平.jxmb"]
    monkeypatch.setattr(dialogs, "ask_open_anyway", lambda parent, name: asked.append(name) or True)
    assert second.open_file(mine) and len(asked) == 2
    second.close_document()
    first.close_document()                       # closed: no longer open anywhere
    assert second.open_file(mine) and len(asked) == 2
    second.close_document()


_HOLDING_EDITOR = """
import sys
from pathlib import Path
from ui.app import create_application
from ui.mainwindow import MainWindow

app = create_application(sys.argv[:1])
window = MainWindow()
assert window.open_file(Path(sys.argv[1]))
print("open", flush=True)
app.exec()
"""


def test_a_file_open_in_another_running_editor_warns_and_a_killed_one_does_not(qtbot, tmp_path, profile,
                                                                              monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_PROFILE=str(profile), PYTHONPATH=str(ROOT))
    editor = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_HOLDING_EDITOR), str(mine)], env=env,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(120, editor.kill)
    watchdog.start()
    asked = []
    monkeypatch.setattr(dialogs, "ask_open_anyway", lambda parent, name: asked.append(name) or False)
    window = _other_window(qtbot)
    try:
        assert editor.stdout.readline().strip() == "open", editor.stderr.read()
        assert not window.open_file(mine) and asked == ["滦平.jxmb"]
    finally:
        editor.kill()
        editor.wait(60)
        watchdog.cancel()
        editor.stdout.close()
        editor.stderr.close()
    assert window.open_file(mine) and asked == ["滦平.jxmb"], "the killed editor's lock is stale"
    window.close_document()


def _type_into_the_unit_name(window, qtbot, text: str = "X"):  # type: ignore[no-untyped-def]
    from ui.models.tree import DEPT

    window.select_node(Node(DEPT, 0))
    field = next(b.widget for b in window.centre.currentWidget().bindings if b.label == "单位名称")
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, text)


def test_saving_over_a_file_changed_on_disk_since_it_was_opened_asks_first(qtbot, tmp_path, profile, monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    window = _other_window(qtbot)
    assert window.open_file(mine)
    theirs = projectfile.load(mine)
    theirs.departments[0].unit_name = "另一个窗口保存的"
    projectfile.save(theirs, mine)                                   # another editor saved meanwhile
    _type_into_the_unit_name(window, qtbot)
    answers = iter([dialogs.CANCEL, dialogs.SAVE])
    asked = []
    monkeypatch.setattr(dialogs, "ask_overwrite_changed", lambda parent, name: asked.append(name) or next(answers))
    assert not window.save()
    assert projectfile.load(mine).departments[0].unit_name == "另一个窗口保存的" and asked == ["滦平.jxmb"]
    assert window.save()
    assert projectfile.load(mine).departments[0].unit_name.endswith("X") and len(asked) == 2
    _type_into_the_unit_name(window, qtbot, "Y")
    assert window.save() and len(asked) == 2, "its own save is not a change by someone else"
    window.close_document()


def test_a_file_only_touched_on_disk_is_saved_without_asking(qtbot, tmp_path, profile, monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    window = _other_window(qtbot)
    assert window.open_file(mine)
    os.utime(mine, (1_000_000_000, 1_000_000_000))              # a backup program, a copy with its dates
    _type_into_the_unit_name(window, qtbot)
    monkeypatch.setattr(dialogs, "ask_overwrite_changed", lambda parent, name: pytest.fail("asked"))
    assert window.save()
    window.close_document()


def test_two_editors_keep_each_others_recent_files(profile):
    first, second = Settings.load(), Settings.load()
    first.add_recent(Path("/文件/甲.jxmb"))
    first.save()
    second.add_recent(Path("/文件/乙.jxmb"))
    second.save()
    assert Settings.load().recent_files == [str(Path("/文件/乙.jxmb")), str(Path("/文件/甲.jxmb"))]
    first.forget_recent(str(Path("/文件/甲.jxmb")))
    first.add_recent(Path("/文件/丙.jxmb"))
    first.save()
    assert Settings.load().recent_files == [str(Path("/文件/丙.jxmb")), str(Path("/文件/乙.jxmb"))]
    assert first.recent_files == Settings.load().recent_files


def test_a_recovered_document_still_asks_before_saving_over_a_file_changed_since_it_was_opened(
        qtbot, tmp_path, profile, monkeypatch):
    mine = tmp_path / "滦平.jxmb"
    shutil.copy(SAMPLES["hebei-luanping-2026-xinfang"], mine)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_PROFILE=str(profile), PYTHONPATH=str(ROOT))
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent(_CRASHING_EDITOR), str(mine)], env=env,
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert crashed.returncode == 3, crashed.stderr
    theirs = projectfile.load(mine)
    theirs.departments[0].unit_name = "另一个窗口保存的"
    projectfile.save(theirs, mine)                                   # saved elsewhere after the crash
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, leftover: dialogs.RECOVER)
    asked = []
    monkeypatch.setattr(dialogs, "ask_overwrite_changed", lambda parent, name: asked.append(name) or dialogs.CANCEL)
    window = _other_window(qtbot)
    assert window.offer_recovery()
    assert not window.save() and asked == ["滦平.jxmb"]
    assert projectfile.load(mine).departments[0].unit_name == "另一个窗口保存的"
    window.session.stack.setClean()
    window.close()


def test_a_mangled_stamp_in_a_note_does_not_hide_the_copy(profile):
    saver = AutoSaver(profile, 0)
    window = MainWindow(Settings())
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    saver.watch(window.session)
    window.session.stack.resetClean()
    assert saver.save_now()
    saver._lock.unlock()                                       # as if that window had died
    note = json.loads(saver.note_path.read_text(encoding="utf-8"))
    assert set(note["disk"]) == {"size", "mtime_ns", "digest"}
    note["disk"] = {"size": "大"}
    saver.note_path.write_text(json.dumps(note), encoding="utf-8")
    (leftover,) = leftovers(profile)
    assert leftover.disk is None and leftover.copy == saver.copy_path
    window.session.stack.setClean()
    window.close()
