"""Exports of a document to the official Word and Excel forms.

Files are built in memory and then written atomically, so a failed or cancelled export leaves any
previous file as it was; the document itself is only read. A long export reports its progress to
an optional ``progress(done, total)`` callable, which returns False to cancel (``ExportCancelled``).

The writers (python-docx, openpyxl) are imported on the first export, not when the editor starts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.atomic import write_atomic
from desktop.errors import ExportError, describe_os_error
from desktop.export.names import default_export_name
from desktop.export.progress import ExportCancelled, Progress
from desktop.model import Document
from desktop.text import clean_text

__all__ = ["ExportCancelled", "ExportError", "Progress", "default_export_name", "export_docx", "export_xlsx"]


def _export(build: Callable[[Document, Progress | None], bytes], doc: Document, path: Path,
            progress: Progress | None, program: str) -> None:
    path = Path(path)
    try:
        data = build(doc, progress)
    except (ExportError, ExportCancelled):
        raise
    except Exception as exc:    # a defect of the exporter: the clerk still gets a Chinese sentence
        raise ExportError(f"无法导出“{path.name}”：生成 {program} 文件时出现意外错误。"
                          "没有写入任何文件，文档也没有改动。请保存文档，并把它发给技术支持。") from exc
    try:
        write_atomic(path, lambda stream: stream.write(data))
    except OSError as exc:
        raise ExportError(describe_os_error(exc, path, "导出")) from exc
    except Exception as exc:    # e.g. a name the system cannot take (ValueError: embedded null byte)
        raise ExportError(f"无法导出“{clean_text(path.name)}”：无法在这个位置用这个名称写入文件。"
                          "请换一个文件名或位置后重试。文档没有改动。") from exc


def export_docx(doc: Document, path: Path, progress: Progress | None = None) -> None:
    """Write the Word form; raises ``ExportError`` with a Chinese message."""
    from desktop.export.docx_writer import build_docx
    _export(build_docx, doc, path, progress, "Word")


def export_xlsx(doc: Document, path: Path, progress: Progress | None = None) -> None:
    """Write the Excel workbook; raises ``ExportError`` with a Chinese message."""
    from desktop.export.xlsx_writer import build_xlsx
    _export(build_xlsx, doc, path, progress, "Excel")
