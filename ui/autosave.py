"""Autosave and recovery.

While a document is open and changed, a copy goes into the profile's ``autosave`` folder
(never over the clerk's own file) a few seconds after the last change, and at least every few
minutes while changes go on, with a small JSON note saying what it is and when it was made.
Each running window holds a lock file; a copy whose lock has no living owner was left by a
crash and is offered back at the next start. A clean exit removes it. The profile's ``open``
folder marks which files running windows have open, to warn before one is opened twice.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from desktop import projectfile
from desktop.atomic import remove_stale_temps, write_atomic
from desktop.errors import ProjectFileError, describe_os_error
from desktop.model import Document
from desktop.projectfile import sha256_hex
from ui.session import EditSession

QUIET_MS = 3000     # a copy follows this long after the last change


def autosave_dir(profile: Path) -> Path:
    return profile / "autosave"


class OpenFileLock:
    """Marks a file as open in this editor: a lock file in the profile's ``open`` folder, named
    by the file's path (so that any name fits). QLockFile records the owner's process, so the
    lock of an editor that crashed or was killed counts as free."""

    def __init__(self, profile: Path, path: Path) -> None:
        folder = profile / "open"
        folder.mkdir(parents=True, exist_ok=True)
        key = sha256_hex(os.path.normcase(str(path)).encode("utf-8", "surrogatepass"))[:32]
        self._lock = QLockFile(str(folder / f"{key}.lock"))
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """True if no other running editor has the file open (and this one now holds it)."""
        return self._lock.tryLock(0)

    def release(self) -> None:
        self._lock.unlock()


def open_elsewhere(profile: Path, path: Path) -> bool:
    """Whether another running editor (another window or program) has ``path`` open."""
    lock = OpenFileLock(profile, path)
    if not lock.acquire():
        return True
    lock.release()
    return False


@dataclass(frozen=True)
class Leftover:
    """A copy left by a window that did not close normally."""

    copy: Path
    note: Path
    original: Path | None
    name: str
    saved_at: datetime
    disk: projectfile.FileStamp | None = None    # the original as its window opened or saved it

    def load(self) -> Document:
        return projectfile.load(self.copy)

    def discard(self) -> None:
        for path in (self.copy, self.note):
            path.unlink(missing_ok=True)


class AutoSaver(QObject):
    saved = Signal(object)   # datetime of the copy
    failed = Signal(str)     # why no copy could be written, in Chinese

    def __init__(self, profile: Path, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.folder = autosave_dir(profile)
        self.folder.mkdir(parents=True, exist_ok=True)
        for folder in (profile, self.folder):     # settings and copies of editors that crashed mid-write
            remove_stale_temps(folder)
        for lock_path in (profile / "open").glob("*.lock"):     # files marked open by editors now gone
            _release_if_orphaned(lock_path)
        self.id = os.urandom(16).hex()      # this editor's own name among running editors
        self._lock = QLockFile(str(self.folder / f"{self.id}.lock"))
        self._lock.setStaleLockTime(0)
        self._lock.tryLock(0)
        self.session: EditSession | None = None
        self._file_lock: OpenFileLock | None = None     # the session's file, marked as open here
        self._saved_revision: int | None = None   # the session's revision the copy holds
        self.quiet = QTimer(self, singleShot=True, interval=QUIET_MS)   # restarted by every change
        self.quiet.timeout.connect(self.save_now)
        self.timer = QTimer(self)           # the longest wait while changes go on without a pause
        self.timer.timeout.connect(self.save_now)
        self._minutes = 0
        self.set_interval(minutes)

    @property
    def copy_path(self) -> Path:
        return self.folder / f"{self.id}{projectfile.SUFFIX}"

    @property
    def note_path(self) -> Path:
        return self.folder / f"{self.id}.json"

    def set_interval(self, minutes: int) -> None:
        """At least every ``minutes`` while the document keeps changing; 0 turns autosave off."""
        self._minutes = minutes
        self.timer.stop()
        self.quiet.stop()
        if minutes > 0:
            self.timer.start(minutes * 60_000)

    def watch(self, session: EditSession | None) -> None:
        """Follow another document; the previous document's copy is no longer needed."""
        self.discard()
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        self._saved_revision = None
        if session is not None:
            session.changed.connect(self._changed)
        self.follow_path()

    def follow_path(self) -> None:
        """Mark the watched session's file as open here (again after 另存为); the previous one no longer."""
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None
        path = self.session.path if self.session is not None else None
        if path is not None:
            lock = OpenFileLock(self.profile, path)
            if lock.acquire():       # else another editor had it first and keeps it
                self._file_lock = lock

    def _changed(self) -> None:
        if self._minutes > 0:
            self.quiet.start()

    def save_now(self) -> bool:
        """Write a copy if the document changed since the last copy; drop it once saved to its file."""
        session = self.session
        self.quiet.stop()
        if session is None:
            return False
        if session.stack.isClean():
            self.discard()
            return False
        if session.revision == self._saved_revision and self.copy_path.exists():
            return False
        revision = session.revision
        try:
            data = projectfile.encode(session.doc, compact=True)
        except ProjectFileError as exc:
            self.failed.emit(exc.message)
            return False
        now = datetime.now()
        note: dict[str, object] = {"original": str(session.path) if session.path else None,
                                   "name": session.display_name, "saved_at": now.isoformat(timespec="seconds")}
        if session.disk is not None:
            note["disk"] = asdict(session.disk)
        try:
            write_atomic(self.copy_path, lambda stream: stream.write(data))
            write_atomic(self.note_path, lambda stream: stream.write(json.dumps(note, ensure_ascii=False).encode()))
        except OSError as exc:
            reason = describe_os_error(exc, self.copy_path, "写入").split("：", 1)[-1]
            self.failed.emit(f"自动备份没有成功（{self.folder}）：{reason}请尽快保存文档。")
            return False
        self._saved_revision = revision
        self.saved.emit(now)
        return True

    def discard(self) -> None:
        self.copy_path.unlink(missing_ok=True)
        self.note_path.unlink(missing_ok=True)
        self._saved_revision = None

    def close(self) -> None:
        """A clean exit: remove the copy and the lock."""
        self.timer.stop()
        self.quiet.stop()
        self.discard()
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None
        self._lock.unlock()


def leftovers(profile: Path) -> list[Leftover]:
    """Copies whose window is gone (crashed), newest first; copies of running windows are skipped."""
    folder = autosave_dir(profile)
    for lock_path in folder.glob("*.lock"):
        if not lock_path.with_suffix(".json").exists():
            _release_if_orphaned(lock_path)     # a window that died before its first copy
    found = []
    for note in folder.glob("*.json"):
        if not _release_if_orphaned(note.with_suffix(".lock")):
            continue
        copy = note.with_suffix(projectfile.SUFFIX)
        try:
            raw = json.loads(note.read_text(encoding="utf-8"))
            saved_at = datetime.fromisoformat(raw["saved_at"])
            original = Path(raw["original"]) if raw.get("original") else None
            name = str(raw.get("name") or "未命名")
            disk = _stamp(raw.get("disk"))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if copy.exists():
            found.append(Leftover(copy, note, original, name, saved_at, disk))
    return sorted(found, key=lambda leftover: leftover.saved_at, reverse=True)


def _stamp(raw: object) -> projectfile.FileStamp | None:
    """The original's stamp kept in a note; None when missing or mangled (recovery goes on)."""
    if not isinstance(raw, dict):
        return None
    try:
        stamp = projectfile.FileStamp(**raw)
    except TypeError:
        return None
    ok = isinstance(stamp.size, int) and isinstance(stamp.mtime_ns, int) and isinstance(stamp.digest, str)
    return stamp if ok else None


def _release_if_orphaned(lock_path: Path) -> bool:
    """True (and the lock file gone) unless a running window holds the lock."""
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)
    if not lock.tryLock(0):
        return False
    lock.unlock()
    return True
