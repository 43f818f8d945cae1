"""What the program's start loads: starting the window on a file loads neither the command line
nor the modules only its commands need (issue 15: every module loaded at start is time)."""

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
