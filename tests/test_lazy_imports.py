"""The editor starts without the exporters' libraries: python-docx and openpyxl (with lxml and
their XML machinery) are imported on the first export, not for the first screen."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("docx", "openpyxl", "desktop.export.docx_writer", "desktop.export.xlsx_writer")


def test_opening_the_window_module_imports_no_exporter_library():
    code = f"import sys, ui.mainwindow, ui.app; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "[]"


def test_the_first_export_imports_what_it_needs(tmp_path):
    from desktop import export, projectfile
    from desktop.resources import samples

    doc = projectfile.load(next(p for p in samples() if "luanping" in p.name))
    export.export_xlsx(doc, tmp_path / "a.xlsx")
    export.export_docx(doc, tmp_path / "a.docx")
    assert (tmp_path / "a.xlsx").stat().st_size > 0 and (tmp_path / "a.docx").stat().st_size > 0
