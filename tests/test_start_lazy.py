"""What the window's start does not do (issue 15: every module loaded and every file read at start
is time the clerk waits): with a sample open and its window drawn, the modules of the quick
fixes, the 自评 tab, the indicator library and the project pages are not loaded, and the samples
are labelled from their headers instead of being read and checked whole."""

import os
import subprocess
import sys
from pathlib import Path

from desktop import projectfile
from desktop.resources import resource, samples
from ui import document
from ui.app import QUIT_WHEN_SHOWN, SETTLED

ROOT = Path(__file__).resolve().parents[1]

NOT_AT_START = ("desktop.quickfix", "desktop.review", "desktop.library", "desktop.importer", "ui.editors.project",
                "ui.editors.projects", "ui.dialogs", "ui.find", "ui.help", "ui.exporting", "ui.library", "ui.nextyear",
                "ui.importing", "ui.review", "desktop.report", "uuid")

_START = """
import sys
from ui import __main__ as entry
code = entry.main([{sample!r}])
print(code, " ".join(sorted(sys.modules)))
"""


def _loaded_at_start(tmp_path: Path, sample: str = str(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
                     ) -> tuple[str, set[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JIXIAO_PROFILE": str(tmp_path), QUIT_WHEN_SHOWN: "1",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _START.format(sample=sample)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    code, _, names = done.stdout.strip().rpartition("\n")[2].partition(" ")
    return code, set(names.split())


def test_the_start_with_a_sample_open_loads_only_what_the_first_screen_needs(tmp_path):
    code, loaded = _loaded_at_start(tmp_path)
    assert code == "0"
    assert {"ui.mainwindow", "ui.editors.department", "desktop.rules"} <= loaded     # it did start
    assert sorted(m for m in NOT_AT_START if m in loaded) == []


def test_a_start_on_the_clerks_own_file_loads_no_openssl(tmp_path):
    """A file of the clerk's (not a sample) is marked open under a name hashed from its path:
    Python's own SHA-256 does it, OpenSSL (_hashlib) is not loaded to start."""
    own = tmp_path / "我的文档.jxmb"
    own.write_bytes(resource("samples", "hubei-ezhou-2024-xinfang.jxmb").read_bytes())
    code, loaded = _loaded_at_start(tmp_path / "profile", str(own))
    assert code == "0" and "ui.mainwindow" in loaded
    assert "_hashlib" not in loaded


def test_the_samples_are_labelled_from_their_headers_as_a_full_read_would(monkeypatch, tmp_path):
    """The bundled samples are not read whole; a header the full read may clean up (a space around
    the name, a character one cannot see) is, and gets the label a full read gives."""
    expected = [(document.document_label(projectfile.load(p)) or p.stem, p.resolve()) for p in samples()]
    reads: list[Path] = []
    load = projectfile.load
    monkeypatch.setattr(projectfile, "load", lambda path: reads.append(path) or load(path))
    assert document.sample_entries() == expected and len(expected) == len(samples()) > 0
    assert reads == []
    text = resource("samples", "hubei-ezhou-2024-xinfang.jxmb").read_text(encoding="utf-8")
    assert '"unit_name": "鄂州市信访局"' in text
    spaced, hidden = tmp_path / "spaced.jxmb", tmp_path / "hidden.jxmb"
    spaced.write_text(text.replace('"unit_name": "鄂州市信访局"', '"unit_name": " 鄂州市信访局 "', 1), encoding="utf-8")
    hidden.write_text(text.replace('"unit_name": "鄂州市信访局"', '"unit_name": "鄂州市\\u200b信访局"', 1),
                      encoding="utf-8")
    monkeypatch.setattr(document, "samples", lambda: [spaced, hidden])
    labels = [label for label, _ in document.sample_entries()]
    assert reads == [spaced, hidden]
    assert labels == [document.document_label(load(p)) for p in (spaced, hidden)]


_FIRST_SCREEN = """
import sys
from PySide6.QtWidgets import QApplication
from ui import __main__ as entry, mainwindow
facts = []
init = mainwindow.MainWindow.__init__
def spy(self, *args, **kwargs):
    init(self, *args, **kwargs)
    def note():
        facts[:] = [self.session is not None, self.start._built, self._find_bar is not None,
                    self._samples is not None, bool(self.centre.current_page()._deferred),
                    self.zoom._listening, self.is_settled]
    self.drawn.connect(note)        # before the program connects its quitting
    self.settled.connect(note)
    def at_quit():      # the page still waits for as many parts as when drawn
        facts.append(len(pages[0]._deferred) == waiting_when_drawn[0] if pages else None)
    def at_drawn():
        pages.append(self.centre.current_page())
        waiting_when_drawn.append(len(pages[0]._deferred))
    self.drawn.connect(at_drawn)
    QApplication.instance().aboutToQuit.connect(at_quit)
waiting_when_drawn, pages = [], []
mainwindow.MainWindow.__init__ = spy
code = entry.main([{sample!r}])
print(code, *facts)
"""


def _first_screen(tmp_path: Path, quit_when: str) -> list[str]:
    sample = str(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JIXIAO_PROFILE": str(tmp_path), QUIT_WHEN_SHOWN: quit_when,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _FIRST_SCREEN.format(sample=sample)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    return done.stdout.strip().rpartition("\n")[2].split()


def test_a_start_on_a_file_draws_the_document_first_and_makes_the_rest_after(tmp_path):
    """When the window is first drawn, the document is open and the start page, the find bar, the
    samples' labels and the page's tables below the fold were never made; Ctrl+wheel is heard
    once what waited for the paint is done."""
    code, opened, start_page, find_bar, samples, waiting, listening, settled, none_built = \
        _first_screen(tmp_path / "drawn", "1")
    assert (code, opened, start_page, find_bar, samples, waiting) == ("0", "True", "False", "False", "False", "True")
    assert (listening, settled, none_built) == ("False", "False", "True")      # quit when drawn: none of it ran
    *_, listening, settled, _ = _first_screen(tmp_path / "settled", SETTLED)
    assert (listening, settled) == ("True", "True")
