"""Errors that reach a clerk: each carries a complete Chinese sentence in ``message``."""

from __future__ import annotations

import errno
from pathlib import Path

from desktop.text import shorten


class UserFacingError(Exception):
    """An error whose ``message`` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProjectFileError(UserFacingError):
    """A project file could not be read or written; nothing was half-loaded."""


class ExportError(UserFacingError):
    """An export could not be written; the document is untouched and a retry is possible."""


# Windows: ERROR_FILENAME_EXCED_RANGE; ERROR_PATH_NOT_FOUND is what a path over MAX_PATH gives.
_WINDOWS_TOO_LONG, _WINDOWS_PATH_NOT_FOUND, _MAX_PATH = 206, 3, 260


def is_name_too_long(exc: OSError, path: Path) -> bool:
    """Whether ``exc`` says a file name, or the whole path, is longer than the system allows."""
    winerror = getattr(exc, "winerror", None)
    return (exc.errno == errno.ENAMETOOLONG or winerror == _WINDOWS_TOO_LONG
            or winerror == _WINDOWS_PATH_NOT_FOUND and len(str(path)) >= _MAX_PATH)


def describe_os_error(exc: OSError, path: Path, action: str) -> str:
    """A Chinese sentence for an operating-system error while ``action`` (读取/保存/导出) ``path``."""
    name = path.name
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return (f"无法{action}“{name}”：文件正被其他程序（如 Word、WPS 或 Excel）打开，"
                f"或没有写入该位置的权限。请关闭该文件或换一个位置后重试。")
    if exc.errno == errno.ENOSPC or getattr(exc, "winerror", None) in (39, 112):
        return f"无法{action}“{name}”：磁盘空间不足。请清理磁盘或换一个位置后重试。"
    if exc.errno == errno.EROFS:
        return f"无法{action}“{name}”：该位置是只读的。请换一个位置后重试。"
    if is_name_too_long(exc, path):
        return (f"无法{action}“{shorten(name, 40)}”：文件名或路径太长。"
                "请缩短文件名，或换一个层级较浅的文件夹（如桌面或 D 盘根目录）后重试。")
    if isinstance(exc, FileNotFoundError):
        return f"无法{action}“{name}”：找不到该文件，或文件夹“{path.parent}”不存在。"
    if isinstance(exc, IsADirectoryError):
        return f"无法{action}“{name}”：这是一个文件夹，不是文件。"
    return f"无法{action}“{name}”：系统错误（代码 {exc.errno}）。"
