"""Exports of a document to the official Word and Excel forms.

Files are built in memory and then written atomically, so a failed export leaves any previous
file as it was; the document itself is only read.
"""

from __future__ import annotations

from pathlib import Path

from desktop.atomic import write_atomic
from desktop.errors import ExportError, describe_os_error
from desktop.export.docx_writer import build_docx
from desktop.export.names import default_export_name
from desktop.export.xlsx_writer import build_xlsx
from desktop.model import Document

__all__ = ["ExportError", "default_export_name", "export_docx", "export_xlsx"]


def _write(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        write_atomic(path, lambda stream: stream.write(data))
    except OSError as exc:
        raise ExportError(describe_os_error(exc, path, "导出")) from exc


def export_docx(doc: Document, path: Path) -> None:
    """Write the Word form; raises ``ExportError`` with a Chinese message."""
    _write(path, build_docx(doc))


def export_xlsx(doc: Document, path: Path) -> None:
    """Write the Excel workbook; raises ``ExportError`` with a Chinese message."""
    _write(path, build_xlsx(doc))
