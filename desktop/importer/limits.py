"""Checks made before a file is read: its size, what kind of file it really is, and for a zip
(.docx and .xlsx are zips) what it would unpack to, so that no file can hang the import."""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop.errors import UserFacingError, describe_os_error

MAX_FILE_BYTES = 50 * 1024 * 1024          # a form is a few hundred kilobytes
MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # what all the parts of the zip may unpack to
MAX_PART_BYTES = 100 * 1024 * 1024         # one part (document.xml, a worksheet)
MAX_RATIO = 200                            # unpacked / packed: a zip bomb packs far tighter
MAX_PARTS = 5000

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # Word 97-2003, Excel 97-2003, WPS, and encrypted OOXML
OLD_SUFFIXES = {".doc": ".docx", ".wps": ".docx", ".dot": ".docx", ".rtf": ".docx",
                ".xls": ".xlsx", ".et": ".xlsx", ".xlt": ".xlsx", ".ett": ".xlsx", ".csv": ".xlsx"}
SUFFIXES = (".docx", ".xlsx")


class ImportFileError(UserFacingError):
    """A file that cannot be imported; ``message`` says why and what to do."""


def _name(path: Path) -> str:
    return path.name


def check_file(path: Path) -> str:
    """The kind of file (``docx`` or ``xlsx``) after the checks, or ``ImportFileError``."""
    suffix = path.suffix.lower()
    name = _name(path)
    if suffix in OLD_SUFFIXES:
        new = OLD_SUFFIXES[suffix]
        program = "Word 或 WPS 文字" if new == ".docx" else "Excel 或 WPS 表格"
        raise ImportFileError(f"“{name}”是旧格式（{suffix}）文件，无法直接导入。请先在{program}中打开它，"
                           f"用“文件 › 另存为”保存为 {new} 格式，再导入新文件。")
    if suffix not in SUFFIXES:
        raise ImportFileError(f"“{name}”不是 Word（.docx）或 Excel（.xlsx）文件，无法导入。"
                           "请选择 .docx 或 .xlsx 文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise ImportFileError(describe_os_error(exc, path, "读取")) from exc
    if path.is_dir():
        raise ImportFileError(f"“{name}”是一个文件夹，不是文件。")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(f"“{name}”有 {size / 1024 / 1024:.0f} MB，超过了可导入的 "
                           f"{MAX_FILE_BYTES // 1024 // 1024} MB。绩效目标表通常不到 1 MB："
                           "请确认选对了文件，或删去其中的图片后另存再导入。")
    if size == 0:
        raise ImportFileError(f"“{name}”是空文件（0 字节），没有可导入的内容。")
    if head == OLE:
        raise ImportFileError(f"“{name}”设置了打开密码（或是旧格式文件改了扩展名），无法读取。"
                           "请在 Word、Excel 或 WPS 中打开它，取消密码（文件 › 信息 › 保护文档），"
                           f"另存为 {suffix} 格式后再导入。")
    if not head.startswith(b"PK"):
        raise ImportFileError(f"“{name}”不是有效的 {suffix} 文件（内容不是 Office 文档），可能已损坏"
                           "或只是改了扩展名。请在 Word、Excel 或 WPS 中打开并另存为 "
                           f"{suffix} 后再导入。")
    return suffix[1:]


def open_zip(path: Path) -> zipfile.ZipFile:
    """The file as a zip whose declared contents are within the limits."""
    name = _name(path)
    damaged = (f"“{name}”已损坏（压缩包结构不完整），无法读取。请在 Word、Excel 或 WPS 中打开它，"
               "若能打开就另存为一份新文件再导入；若打不开，请找回原来的文件。")
    # (zipfile raises NotImplementedError for a compression method or zip feature it cannot read:
    # to the clerk, that file is as unreadable as a damaged one.)
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise ImportFileError(damaged) from exc
    except OSError as exc:
        raise ImportFileError(describe_os_error(exc, path, "读取")) from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    biggest = max((i.file_size for i in infos), default=0)
    if (len(infos) > MAX_PARTS or total > MAX_UNPACKED_BYTES or biggest > MAX_PART_BYTES
            or total > 1024 * 1024 and total / packed > MAX_RATIO):
        archive.close()
        raise ImportFileError(f"“{name}”解压后的内容异常庞大（{total / 1024 / 1024:.0f} MB），"
                           "不像是一份绩效目标表，为安全起见没有读取。请确认选对了文件。")
    if any(i.flag_bits & 0x1 for i in infos):
        archive.close()
        raise ImportFileError(f"“{name}”的内容是加密的，无法读取。请在 Word、Excel 或 WPS 中取消密码，"
                           "另存后再导入。")
    return archive


def read_part(archive: zipfile.ZipFile, member: str, path: Path) -> bytes:
    """One part of the zip, read whole (its size was checked), or a damaged-file error."""
    try:
        return archive.read(member)
    except KeyError as exc:
        raise ImportFileError(f"“{_name(path)}”缺少必需的部分（{member}），不是完整的 Office 文档，"
                           "可能已损坏。请在 Word、Excel 或 WPS 中打开并另存后再导入。") from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:   # as in open_zip
        raise ImportFileError(f"“{_name(path)}”已损坏（{member} 无法解压），无法读取。请在 Word、Excel 或 WPS "
                           "中打开它，另存为一份新文件后再导入。") from exc


def core_title(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The file's title property (docProps/core.xml), where the exports put the year and form;
    "" when there is none or it cannot be read."""
    if "docProps/core.xml" not in names:
        return ""
    from lxml import etree

    from desktop.text import clean_text

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        found = etree.fromstring(archive.read("docProps/core.xml"), parser).find(
            "{http://purl.org/dc/elements/1.1/}title")
    except (etree.XMLSyntaxError, KeyError, OSError, ValueError, zipfile.BadZipFile):
        return ""
    return clean_text(found.text or "") if found is not None else ""
