"""Export → import gives back the document, for every sample in Word and in Excel (issue 11).

Only what the form prints can come back: a field marked ``"print": false`` (or printed in the
other format only) is left out of the comparison, and so are the year and 草案 where the
format's blocks print neither (the import then says it did not find the year).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.export import export_docx, export_xlsx
from desktop.families import family
from desktop.importer import import_file
from desktop.model import Document
from desktop.projectfile import load

SAMPLES = sorted(Path(__file__).parent.parent.joinpath("resources", "samples").glob("*.jxmb"))
FORMATS = {"docx": ("word", export_docx), "xlsx": ("excel", export_xlsx)}


def _raw(family_id: str) -> dict:
    folder = Path(__file__).parent.parent / "resources" / "families"
    return json.loads((folder / family(family_id).source).read_text(encoding="utf-8"))


def _blocks(raw: dict, where: str) -> str:
    return json.dumps([b for b in raw["print"]["blocks"] if b.get("only", where) == where], ensure_ascii=False)


def _unprinted(raw: dict, where: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for owner in ("department", "project"):
        fields = (raw.get(owner) or {}).get("fields", []) + [
            s for s in (raw.get(owner) or {}).get("sections", []) if s.get("kind") == "field"]
        out[owner] = {f["key"] for f in fields if f.get("print", True) is False
                      or isinstance(f.get("print"), str) and f["print"] != where}
    return out


def _printed(doc: Document, raw: dict, where: str) -> Document:
    skip = _unprinted(raw, where)
    for dept in doc.departments:
        for key in skip["department"]:
            dept.values.pop(key, None)
        for project in dept.projects:
            for key in skip["project"]:
                project.values.pop(key, None)
    return doc


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_document(sample: Path, fmt: str, tmp_path: Path) -> None:
    where, export = FORMATS[fmt]
    original = load(sample)
    path = tmp_path / f"导出.{fmt}"
    export(original, path)
    result = import_file(path)
    assert result.family == original.family
    assert result.candidates == ()
    assert result.placed == result.total, result.report()
    raw = _raw(original.family)
    blocks = _blocks(raw, where)
    imported = result.document
    # Where no block prints the year (H's Excel form), the file's title property holds it.
    assert imported.year == original.year
    assert not any("年度" in e.text and "核对" in e.text for e in result.entries if not e.place)
    if '"draft"' not in blocks:
        imported.draft = original.draft
    assert _printed(imported, raw, where) == _printed(load(sample), raw, where)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_large_document_comes_back_whole(fmt: str, tmp_path: Path) -> None:
    """Forty projects of twenty indicators each: every project, row and amount comes back."""
    from tests.bigdoc import big_document

    where, export = FORMATS[fmt]
    original = big_document(40, 20)
    path = tmp_path / f"大.{fmt}"
    export(original, path)
    result = import_file(path)
    assert result.placed == result.total
    raw = _raw(original.family)
    assert _printed(result.document, raw, where).departments == _printed(big_document(40, 20), raw, where).departments
