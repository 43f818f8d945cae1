"""Writing a file so that a crash leaves either the whole old file or the whole new one.

The new content goes to a temporary file beside the target, is flushed and fsynced, and then
replaces the target in one ``os.replace``. On Windows the replace fails while Word or an
antivirus holds the target; it is retried briefly and then reported.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

_REPLACE_TRIES = 5
_REPLACE_PAUSE = 0.1


def _replace(source: Path, target: Path) -> None:
    for attempt in range(_REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == _REPLACE_TRIES - 1:
                raise
            time.sleep(_REPLACE_PAUSE)


def _new_file_mode() -> int:
    """The mode a plainly created file gets (mkstemp's own 0600 would hide it from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temp(directory: Path, stem: str, write: Callable[[BinaryIO], None], mode: int) -> Path:
    handle, name = tempfile.mkstemp(dir=directory, prefix=f"~{stem}.", suffix=".tmp")
    temp = Path(name)
    try:
        os.chmod(temp, mode)
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_atomic(target: Path, write: Callable[[BinaryIO], None], backup: Path | None = None) -> None:
    """Write ``target`` through ``write(stream)``; keep the previous file as ``backup`` if given.

    Raises ``OSError`` (``PermissionError`` when the target is locked); the target is then
    unchanged and no temporary file is left behind.
    """
    target = Path(target)
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(13, "read-only", str(target))
    mode = (target.stat().st_mode & 0o777) if target.exists() else _new_file_mode()
    temp = _write_temp(target.parent, target.name, write, mode)
    try:
        if backup is not None and target.exists():
            old = target.read_bytes()
            backup_temp = _write_temp(target.parent, backup.name, lambda s: s.write(old), mode)
            try:
                _replace(backup_temp, backup)
            except BaseException:
                backup_temp.unlink(missing_ok=True)
                raise
        _replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
