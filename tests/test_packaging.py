"""The packaging inputs stay consistent with the sources."""

import tomllib
from pathlib import Path

import desktop

ROOT = Path(__file__).resolve().parent.parent


def test_the_program_reports_the_version_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert desktop.__version__ == project["version"]


def test_pyinstaller_output_stays_out_of_the_build_sources():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/dist/" in ignored and "/.pyinstaller/" in ignored
    spec = (ROOT / "build" / "jixiao.spec").read_text(encoding="utf-8")
    assert "upx=False" in spec
    dev = (ROOT / "build" / "dev.py").read_text(encoding="utf-8")
    assert '"--workpath", str(WORK)' in dev and 'WORK = ROOT / ".pyinstaller"' in dev
