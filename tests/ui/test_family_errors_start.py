"""The start page names the family files that could not be read, with their messages."""

from __future__ import annotations

import json

from desktop import families as families_module
from desktop.resources import resource


def test_the_start_page_lists_each_broken_family_file(window, qtbot, tmp_path, monkeypatch):
    notice = window.start.family_notice
    assert not notice.isVisible()          # the bundled files are all readable
    raw = json.loads(resource("families", "H.json").read_text(encoding="utf-8"))
    raw["id"] = "X"
    del raw["print"]
    (tmp_path / "坏的表式.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "不是JSON.json").write_text("{这不是", encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), tmp_path])
    families_module.reload()
    try:
        errors = families_module.family_errors()
        assert len(errors) >= 2
        window.start.hide()
        window.start.show()                # shown again: read anew
        qtbot.waitUntil(notice.isVisible)
        for message in errors:
            assert message in notice.text()
        assert "坏的表式.json" in notice.text() and "不是JSON.json" in notice.text()
        qtbot.wait(50)
        monkeypatch.undo()
        families_module.reload()
        window.start.hide()
        window.start.show()
        assert not notice.isVisible()
    finally:
        monkeypatch.undo()
        families_module.reload()
