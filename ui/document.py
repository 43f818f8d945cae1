"""The open document's life: 新建, 打开, 保存, 另存为, 关闭, recovery after a crash, 导出 and 打印.

The controller reads and writes files and asks the clerk; the window shows what it opens
(``MainWindow.show_session``) and lets go of what it closes (``MainWindow.teardown``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop import projectfile
from desktop.atomic import remove_stale_temps
from desktop.blank import new_document
from desktop.errors import ProjectFileError
from desktop.families import family
from desktop.model import Document
from desktop.resources import is_sample, samples
from desktop.rules import Severity
from ui.autosave import leftovers, open_elsewhere
from ui.session import EditSession
from ui.settings import profile_dir

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

FILE_FILTER = f"绩效目标文件 (*{projectfile.SUFFIX})"
_KINDS = {"docx": ("Word", "Word 文档 (*.docx)"), "xlsx": ("Excel", "Excel 工作簿 (*.xlsx)")}
PRINT_FOLDER = "打印"     # in the profile: the Word files 打印 opens


class DocumentController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings

    @property
    def session(self) -> EditSession | None:
        return self.window.session

    def _status(self, text: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(text, ms)

    # ------------------------------------------------------------ closing

    def maybe_close(self) -> bool:
        """Ask about unsaved changes; False if the clerk cancelled (or saving failed)."""
        self.window.commit_open_editors()
        session = self.session
        if session is None or session.stack.isClean():
            return True
        from ui import dialogs

        answer = dialogs.ask_save_changes(self.window, session.display_name)
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    def close(self) -> bool:
        if not self.maybe_close():
            return False
        self.window.teardown()
        return True

    # ------------------------------------------------------------ opening

    def new(self) -> None:
        from ui import dialogs

        dialog = dialogs.NewDocumentDialog(self.window)
        if not dialog.exec():
            return
        family_id, year, code, name = dialog.values()
        if self.close():
            self.window.show_session(EditSession(new_document(family_id, year, code, name)))

    def open(self, path: Path | None = None) -> bool:
        """Open a file; the open document stays if the file cannot be read or the clerk cancels."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self.window, "打开", self.settings.last_folder, FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        path = path.resolve()
        if self.session is not None and self.session.path == path:
            return True
        try:
            doc, stamp = projectfile.read(path)
        except ProjectFileError as exc:
            from ui import dialogs

            dialogs.show_error(self.window, "无法打开", exc.message)
            if not path.exists():
                self.settings.forget_recent(str(path))
                self.window.start.set_recent(self.settings.recent_files, self.settings.recent_labels)
            return False
        sample = is_sample(path)
        if not sample and open_elsewhere(profile_dir(), path):
            from ui import dialogs

            if not dialogs.ask_open_anyway(self.window, path.name):
                return False
        if not self.close():
            return False
        remove_stale_temps(path.parent)     # left beside the file by an editor that crashed while saving
        if sample:
            self.window.show_session(EditSession(doc, name=lambda d: f"{document_label(d) or path.stem}（示例副本）"))
            self._status("这是示例文档的副本：可以随意修改，保存时请另选位置。", 10000)
            return True
        session = EditSession(doc, path)
        session.disk = stamp
        self.window.show_session(session)
        self.remember_file(path, doc)
        return True

    def recover(self) -> bool:
        """After a crash: offer each copy left behind. True if one was recovered and shown."""
        for leftover in leftovers(profile_dir()):
            from ui import dialogs

            answer = dialogs.ask_recover(self.window, leftover)
            if answer == dialogs.DISCARD:
                leftover.discard()
            elif answer == dialogs.RECOVER:
                try:
                    doc = leftover.load()
                except ProjectFileError as exc:
                    dialogs.show_error(self.window, "无法恢复", exc.message)
                    continue
                if not self.close():
                    return False
                session = EditSession(doc, leftover.original)
                session.disk = leftover.disk     # so that a file saved elsewhere since is not overwritten unasked
                session.stack.resetClean()   # recovered work is unsaved until the clerk saves it
                self.window.show_session(session)
                self.window.autosaver.save_now()
                leftover.discard()
                self._status("已恢复自动保存的副本，请检查后保存。", 10000)
                return True
        return False

    # ------------------------------------------------------------ saving

    def save(self) -> bool:
        self.window.commit_open_editors()
        session = self.session
        if session is None:
            return False
        if session.path is None:
            return self.save_as()
        return self._save_to(session.path)

    def save_as(self) -> bool:
        from desktop import export  # imported when first used, not at start

        session = self.session
        if session is None:
            return False
        suggested = session.path or Path(self.settings.last_folder or Path.home()) / export.default_export_name(
            session.doc, projectfile.SUFFIX)
        chosen, _ = QFileDialog.getSaveFileName(self.window, "另存为", str(suggested), FILE_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != projectfile.SUFFIX:
            path = path.with_name(path.name + projectfile.SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        from ui import dialogs

        session = self.session
        assert session is not None
        if session.path == path.resolve() and session.disk is not None and \
                projectfile.changed_on_disk(path, session.disk):
            answer = dialogs.ask_overwrite_changed(self.window, path.name)
            if answer == dialogs.SAVE_AS:
                return self.save_as()
            if answer != dialogs.SAVE:
                return False
        try:
            session.disk = projectfile.save(session.doc, path)
        except ProjectFileError as exc:
            dialogs.show_error(self.window, "保存失败", exc.message + "\n文档仍在编辑器中，可换一个位置另存。")
            return False
        moved = session.path != path.resolve()
        session.path = path.resolve()
        autosaver = self.window.autosaver
        if moved:
            autosaver.follow_path()
        session.stack.setClean()
        autosaver.discard()
        self.remember_file(session.path, session.doc)
        self.window.saved()
        self._status(f"已保存到 {session.path}", 5000)
        return True

    def fill_recent(self, menu: QMenu) -> None:
        """最近打开: each file by its unit, year and form, then its name."""
        menu.clear()
        labels = self.settings.recent_labels
        for i, path in enumerate(self.settings.recent_files):
            name = Path(path).name
            label = f"{labels[path]}（{name}）" if labels.get(path) else name
            action = menu.addAction(f"&{i + 1} {label.replace('&', '&&')}")
            action.setStatusTip(path)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open(Path(p)))
        if not self.settings.recent_files:
            menu.addAction("（无）").setEnabled(False)

    def remember_file(self, path: Path, doc: Document) -> None:
        self.settings.add_recent(path, document_label(doc))
        self.settings.last_folder = str(path.parent)
        self.settings.save()

    # ------------------------------------------------------------ exporting and printing

    def _ready_to_export(self) -> EditSession | None:
        """The document, its open cell taken in and checked; None if the clerk stops at its 错误."""
        from ui import dialogs

        session, runner = self.session, self.window.runner
        if session is None or runner is None:
            return None
        self.window.commit_open_editors()
        runner.run()
        errors = runner.index.counts[Severity.ERROR]
        if errors and not dialogs.ask_export_with_errors(self.window, errors):
            return None
        return session

    def export(self, kind: str) -> Path | None:
        """导出 Word / Excel; asks first when the document has 错误. The document is only read.
        The file written, or None."""
        from desktop import export

        session = self._ready_to_export()
        if session is None:
            return None
        suffix = "." + kind
        label = _KINDS[kind][1]
        folder = Path(self.settings.last_folder) if self.settings.last_folder else (
            session.path.parent if session.path else Path.home())
        chosen, _ = QFileDialog.getSaveFileName(self.window, "导出",
                                                str(folder / export.default_export_name(session.doc, suffix)), label)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return self._write(session, kind, path)

    def _write(self, session: EditSession, kind: str, path: Path) -> Path | None:
        from desktop import export
        from ui import exporting

        writer = getattr(export, f"export_{kind}")      # looked up now: a test may stand in for it
        outcome = exporting.run_export(self.window, writer, session.doc, path, _KINDS[kind][0])
        if outcome == exporting.DONE:
            self._status(f"已导出到 {path}", 8000)
            self.window.exported.show_file(path)
            return path
        if outcome == exporting.CANCELLED:
            self._status(f"已取消导出，没有写入“{path.name}”。", 8000)
        return None

    def print_(self) -> Path | None:
        """打印: the Word form written to the profile's print folder and opened by the system
        (Word or WPS), where the clerk prints it as any document."""
        from desktop import export
        from ui import dialogs, exporting

        session = self._ready_to_export()
        if session is None:
            return None
        folder = profile_dir() / PRINT_FOLDER
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            dialogs.show_error(self.window, "无法打印", f"无法创建文件夹“{folder}”：{exc.strerror or exc}")
            return None
        path = exporting.free_name(folder / export.default_export_name(session.doc, ".docx"))
        if exporting.run_export(self.window, export.export_docx, session.doc, path, "Word") != exporting.DONE:
            return None
        if exporting.open_url(self.window, QUrl.fromLocalFile(str(path)), path.name):
            self._status(f"已在 Word 中打开“{path.name}”，请在其中打印（Ctrl+P）。", 15000)
        return path


def document_label(doc: Document) -> str:
    """A document by its submitting department, year and form's province, as it says now."""
    dept = doc.departments[0] if doc.departments else None
    unit = (dept.supervisor or dept.unit_name) if dept else ""
    try:
        province = family(doc.family).province
    except KeyError:
        province = ""
    return "　".join(x for x in (unit, f"{doc.year}年", province) if x) if unit else ""


def _header_label(path: Path) -> str | None:
    """A sample's ``document_label`` from the few header values it needs, without reading and
    checking the whole document (issue 15: the start labels all the samples); None when the file
    is not a plain current-version file whose header is what a full read gives."""
    import json

    from desktop.families import families

    try:
        raw = json.loads(path.read_bytes().decode("utf-8-sig"))
        document = raw["document"]
        if raw.get("format") != projectfile.FORMAT or raw.get("version") != projectfile.VERSION:
            return None
        year, family_id, dept = document["year"], document["family"], (document.get("departments") or [None])[0]
        if type(year) is not int or not 1900 <= year <= 2999 or family_id not in families():
            return None
        values = dept.get("values", {}) if isinstance(dept, dict) else {}
        texts = [values.get(k, "") for k in ("supervisor", "unit_name")]
        if not all(isinstance(t, str) and t.isprintable() and t == t.strip() for t in texts):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    unit = texts[0] or texts[1]
    return "　".join(x for x in (unit, f"{year}年", family(family_id).province) if x) if unit else ""


def sample_entries() -> list[tuple[str, Path]]:
    """(label, path) of each bundled sample, labelled by the submitting department, year and province."""
    entries = []
    for path in samples():
        label = _header_label(path)
        if label is None:       # an older version or an odd header: read it whole
            try:
                label = document_label(projectfile.load(path))
            except ProjectFileError:
                continue
        entries.append((label or path.stem, path.resolve()))
    return entries

