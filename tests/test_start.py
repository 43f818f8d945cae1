"""What the program's start loads: starting the window on a file loads neither the command line
nor the modules only its commands need (issue 15: every module loaded at start is time)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from ui import __main__ as entry

ROOT = Path(__file__).resolve().parents[1]


def _loaded_by_main(args: list[str]) -> set[str]:
    """The modules loaded by ``ui.__main__.main(args)`` in a fresh process, the window itself left out."""
    code = ("import sys\nfrom ui import __main__ as entry\nentry._window = lambda files: 0\n"
            f"entry.main({args!r})\nprint(' '.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("args", [[], ["甲.jxmb"], ["C:\\\\文件\\\\乙"], ["./check"]])
def test_starting_the_window_loads_no_command_line(args):
    loaded = _loaded_by_main(args)
    assert not loaded & {"desktop.cli", "desktop.export", "desktop.nextyear", "desktop.report", "docx", "openpyxl"}


def test_no_command_could_be_taken_for_a_file():
    for name in (*cli.COMMANDS, *entry.SELFTEST):
        assert not entry.a_file(name)
    assert entry.a_file("样例.jxmb") and entry.a_file("folder/check") and not entry.a_file("--help")


_COUNT_SOURCE_READS = """
import inspect, sys
reads = []
read = inspect.getsource
inspect.getsource = lambda obj: reads.append(getattr(obj, "__name__", "?")) or read(obj)
from ui import __main__ as entry
if {quick}:
    assert entry.quick_pyside_imports()
import ui.mainwindow, desktop.rules, json
from PySide6.support import feature
table = feature.pyside_feature_dict
print(len(reads), table["ui.models.tree"], table["desktop.rules"], table["json"])
"""


@pytest.mark.parametrize("quick", [True, False])
def test_the_window_s_modules_are_imported_without_pyside_reading_their_source(quick):
    code = _COUNT_SOURCE_READS.format(quick=quick)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    reads, window, domain, library = done.stdout.split()
    assert (int(reads) < 30) == quick and int(reads) > (0 if quick else 60)
    assert (window, domain, library) == ("0", "-1", "-1")      # what reading the sources gives
