"""Writing a file so that a crash leaves either the whole old file or the whole new one.

The new content goes to a temporary file beside the target, is flushed and fsynced, and then
replaces the target in one ``os.replace``; the folder is then synced where the platform can.
On Windows the replace fails while Word or an antivirus holds the target; it is retried briefly
and then reported.

Temporary files are named ``~jx`` + 8 letters or digits + ``.tmp``: short, so that any name
that fits the folder also fits its temporary file. While written, a temporary file is held: on
Windows by its open handle (which forbids deleting it), elsewhere by an ``flock`` kept until
after the replace. A temporary file that nobody holds and that has not been written to for a
minute was left by a crash; ``remove_stale_temps`` removes those (and those named as earlier
versions named them), after every write and when the editor opens a file or starts.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from desktop.text import LazyPattern

if os.name != "nt":
    import fcntl

REPLACE_TRIES = 5
REPLACE_PAUSE = 0.1
_pause: Callable[[float], None] = time.sleep      # tests replace it: no real waiting
STALE_SECONDS = 60                                 # untouched this long and not held: left by a crash

_TEMP_PREFIX, _TEMP_SUFFIX, _RANDOM = "~jx", ".tmp", 8
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_TEMP_NAME = LazyPattern(rf"~jx[a-z0-9]{{{_RANDOM}}}\.tmp")
# Earlier versions: "~" + the target's name + "." + mkstemp's 8 characters + ".tmp".
_OLD_TEMP_NAME = LazyPattern(r"~.+\.(?:jxmb|bak|docx|xlsx|json)\.[a-z0-9_]{8}\.tmp")
_WINDOWS_MAX_PATH = 259     # MAX_PATH (260) less the terminating NUL


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of this editor's temporary files (this version's or an earlier one's)."""
    if not name.startswith("~"):      # nearly every file of a folder: no pattern compiled for it
        return False
    return bool(_TEMP_NAME.fullmatch(name) or _OLD_TEMP_NAME.fullmatch(name))


def _path_limit() -> int | None:
    """The longest path the platform opens; None when the file system alone decides (POSIX, or
    Windows with long paths enabled for this program)."""
    if os.name != "nt":
        return None
    try:
        import ctypes

        enabled = ctypes.WinDLL("ntdll").RtlAreLongPathsEnabled  # type: ignore[attr-defined]
        enabled.restype = ctypes.c_ubyte
        return None if enabled() else _WINDOWS_MAX_PATH
    except (OSError, AttributeError):     # older Windows: no long paths at all
        return _WINDOWS_MAX_PATH


def name_fits(folder: Path, name: str) -> bool:
    """Whether a file called ``name`` can exist in ``folder`` (255 bytes on most file systems,
    255 UTF-16 units on Windows, and a whole path within MAX_PATH unless long paths are on)."""
    limit = _path_limit()
    if limit is not None and len(str(folder.absolute() / name)) > limit:
        return False
    if os.name == "nt":
        return len(name.encode("utf-16-le")) // 2 <= 255
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    return len(os.fsencode(name)) <= limit


def _check_length(path: Path) -> None:
    limit = _path_limit()
    if limit is not None and len(str(path.absolute())) > limit:
        raise OSError(errno.ENAMETOOLONG, "path too long", str(path))


def _replace(source: Path, target: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
            _pause(REPLACE_PAUSE)


def _sync_folder(folder: Path) -> None:
    """Make the replace itself durable; Windows has no way to sync a folder (NTFS journals it)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:     # some file systems refuse; the file itself is already whole
        pass
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    """The mode a plainly created file gets (a 0600 temp file would hide it from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class _TempFile:
    """A new temporary file in ``folder``, held until it replaces its target or is removed."""

    def __init__(self, folder: Path, mode: int) -> None:
        # secrets.choice is this very SystemRandom().choice, but importing secrets loads hmac and
        # with it OpenSSL (2 to 3 ms, on the first save: the settings' when the window first closes).
        from random import SystemRandom

        choice = SystemRandom().choice
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
        for _ in range(100):
            path = folder / (_TEMP_PREFIX + "".join(choice(_ALPHABET) for _ in range(_RANDOM)) + _TEMP_SUFFIX)
            _check_length(path)
            try:
                fd = os.open(path, flags, 0o600)
            except FileExistsError:
                continue
            if os.name != "nt":
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    held = os.path.samestat(os.stat(path), os.fstat(fd))
                except OSError:
                    held = False
                if not held:          # another editor's clean-up took it before the lock: once more
                    os.close(fd)
                    continue
            break
        else:
            raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
        self.path = path
        self.stream: BinaryIO = os.fdopen(fd, "wb")
        self.replaced = False
        try:
            os.chmod(path, mode)
        except BaseException:
            self._discard()
            raise

    def fill(self, write: Callable[[BinaryIO], None]) -> None:
        write(self.stream)
        self.stream.flush()
        os.fsync(self.stream.fileno())

    def replace(self, target: Path) -> None:
        if os.name == "nt":
            self.stream.close()     # Windows cannot rename a file open without FILE_SHARE_DELETE
        _replace(self.path, target)
        self.replaced = True

    def _discard(self) -> None:
        self.stream.close()
        if not self.replaced:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> _TempFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._discard()     # the lock goes with the handle, after the replace


def write_atomic(target: Path, write: Callable[[BinaryIO], None], backup: Path | None = None) -> None:
    """Write ``target`` through ``write(stream)``; keep the previous file as ``backup`` if given.

    Raises ``OSError`` (``PermissionError`` when the target is locked, ``ENAMETOOLONG`` when a
    path is longer than Windows allows); the target is then unchanged and no temporary file is
    left behind.
    """
    target = Path(target)
    for path in (target, backup):
        if path is not None:
            _check_length(path)
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(13, "read-only", str(target))
    mode = (target.stat().st_mode & 0o777) if target.exists() else _new_file_mode()
    with _TempFile(target.parent, mode) as temp:
        temp.fill(write)
        if backup is not None and target.exists():
            old = target.read_bytes()
            with _TempFile(target.parent, mode) as backup_temp:
                backup_temp.fill(lambda stream: stream.write(old))
                backup_temp.replace(backup)
        temp.replace(target)
    _sync_folder(target.parent)
    remove_stale_temps(target.parent)


def remove_stale_temps(folder: Path) -> int:
    """Remove the temporary files in ``folder`` that crashed editors left; return how many.

    Only this editor's names, only files untouched for ``STALE_SECONDS`` that no running editor
    holds. Never raises: a folder that cannot be read or changed is left as it is.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    removed = 0
    for entry in entries:
        if not is_temp_name(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < STALE_SECONDS:
                continue
        except OSError:
            continue
        removed += _remove_unheld(Path(entry.path))
    return removed


def _remove_unheld(path: Path) -> bool:
    if os.name == "nt":
        try:
            path.unlink()           # refused while a writer has it open
        except OSError:
            return False
        return True
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if not os.path.samestat(os.stat(path), os.fstat(fd)):
            return False            # renamed into place meanwhile: no longer a temporary file
        path.unlink()
        return True
    except OSError:                 # held by a running editor (BlockingIOError), or not ours to remove
        return False
    finally:
        os.close(fd)
