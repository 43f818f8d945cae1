"""Forms are data: no family id, province or form title in the program's code, and a family
copied under a new id works with no code change."""

import ast
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from desktop import families as families_module
from desktop import projectfile
from desktop.families import families, family, family_errors
from desktop.resources import resource, samples
from desktop.rules import check, describe_location

ROOT = Path(__file__).resolve().parents[1]
FAMILY_FILES = sorted(resource("families").glob("*.json"))
RAW = [json.loads(p.read_text(encoding="utf-8")) for p in FAMILY_FILES]

# Words of the domain itself, which messages and the start page use: not a form's wording.
DOMAIN_WORDS = {"绩效目标表", "部门整体绩效目标"}
# The first file format's keys, named for messages about files of format version 2 (which only
# the first three forms wrote): the migration's own vocabulary.
FIRST_FORMAT_NAMES = {"desktop/projectfile.py"}


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string literal of a module that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def _program_modules() -> list[Path]:
    return sorted(p for folder in ("desktop", "ui") for p in (ROOT / folder).rglob("*.py"))


def test_no_family_id_province_or_form_name_is_written_in_the_programs_code():
    ids = {raw["id"] for raw in RAW}
    words = {raw["province"] for raw in RAW} | {raw["name"] for raw in RAW} | {raw["document_title"] for raw in RAW}
    found = []
    for path in _program_modules():
        name = path.relative_to(ROOT).as_posix()
        for line, value in _code_strings(path):
            if value in ids or any(word in value for word in words):
                found.append(f"{name}:{line}: {value[:40]!r}")
    assert found == []


def _printed_words(value: object) -> set[str]:
    """Phrases the families print (texts, titles, headings, captions, leads), of five Chinese
    characters or more once their placeholders are taken out."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("text", "heading", "title", "kicker", "empty", "lead", "left", "center", "right", "or",
                       "contents_title") and isinstance(item, str):
                for piece in re.split(r"\{[^{}]*\}|\n", item):
                    piece = piece.strip("：:　 （）()")
                    if len(re.findall(r"[\u4e00-\u9fff]", piece)) >= 5 and piece not in DOMAIN_WORDS:
                        found.add(piece)
            found |= _printed_words(item)
    elif isinstance(value, list):
        for item in value:
            found |= _printed_words(item)
    return found


def test_no_printed_wording_of_a_form_is_written_in_the_programs_code():
    words = set().union(*(_printed_words(raw["print"]) for raw in RAW))
    assert "预算规模及资金用途" in words and "绩效目标" not in words
    found = []
    for path in _program_modules():
        name = path.relative_to(ROOT).as_posix()
        if name in FIRST_FORMAT_NAMES:
            continue
        for line, value in _code_strings(path):
            hits = sorted(w for w in words if w in value and not any(w in d for d in DOMAIN_WORDS))
            if hits:
                found.append(f"{name}:{line}: {hits}")
    assert found == []


def test_the_check_would_find_a_family_id_compared_in_code(tmp_path):
    """The test above reads string literals: a comparison with an id is one."""
    module = tmp_path / "m.py"
    module.write_text('"""Doc with H."""\ndef f(doc):\n    """H."""\n    return doc.family == "H"\n', encoding="utf-8")
    assert _code_strings(module) == [(4, "H")]


@pytest.fixture
def copied_family(tmp_path, monkeypatch):
    """H copied under the id X into a folder of its own, read beside the bundled families."""
    raw = json.loads(resource("families", "H.json").read_text(encoding="utf-8"))
    raw["id"] = "X"
    raw["name"] = "复制的表式"
    (tmp_path / "X.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), tmp_path])
    families_module.reload()
    yield family("X")
    monkeypatch.undo()
    families_module.reload()


def _as_family(path: Path, family_id: str) -> str:
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["document"]["family"] = family_id
    return json.dumps(raw, ensure_ascii=False)


def test_a_family_copied_under_a_new_id_loads_opens_checks_and_saves_with_no_code_change(copied_family, tmp_path):
    assert family_errors() == [] and "X" in families()
    sample = next(p for p in samples() if "dingzhou" in p.name)
    original = projectfile.load(sample)
    copy = projectfile.loads(_as_family(sample, "X"))
    assert copy.departments == original.departments
    found = [(p.rule, p.message, describe_location(copy, p.location)) for p in check(copy)]
    expected = [(p.rule, p.message, describe_location(original, p.location)) for p in check(original)]
    assert found == expected and found                 # the same problems, named the same way
    path = tmp_path / "复制.jxmb"
    projectfile.save(copy, path)
    assert projectfile.load(path) == copy


def _parts(data: bytes, prefix: str) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {n: archive.read(n) for n in archive.namelist() if n.startswith(prefix)}


def test_a_family_copied_under_a_new_id_exports_with_no_code_change(copied_family):
    """X is H under another id: its Word and Excel forms are H's, part for part."""
    from desktop.export.docx_writer import build_docx
    from desktop.export.xlsx_writer import build_xlsx

    sample = next(p for p in samples() if "luanping" in p.name)
    original = projectfile.load(sample)
    copy = projectfile.loads(_as_family(sample, "X"))
    assert _parts(build_docx(copy), "word/document") == _parts(build_docx(original), "word/document")
    assert _parts(build_xlsx(copy), "xl/worksheets") == _parts(build_xlsx(original), "xl/worksheets")


def test_the_test_family_is_filled_checked_in_its_own_words_and_saved_with_no_code_change(tmp_path, monkeypatch):
    """T (tests/data/families/T.json): no 二级 column, split target, weights, three history
    columns, a cost list; every message names T's own labels and nothing asks for a 二级."""
    from desktop.blank import new_document, new_project
    from desktop.edits import ListRef, blank_row, get_value, set_value
    from desktop.rules import Location

    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), ROOT / "tests" / "data" / "families"])
    families_module.reload()
    try:
        t = family("T")
        doc = new_document("T", 2025, "", "测试单位")
        assert doc.unit == "元"
        project = new_project(t)
        doc.departments[0].projects.append(project)
        project.values.update(name="网球中心", code="P1")
        row = blank_row(t, ListRef(0, 0, "annual"))
        row.update(level1="成本指标", level3="项目总成本(≤**万元)", comparator="≤", number="1000", unit="元",
                   weight="20", direction="反向", extra_column="保留")
        project.lists["annual"].append(row)
        project.lists["cost"].append(blank_row(t, ListRef(0, 0, "cost")))
        set_value(doc, Location(0, 0, "cost", 0, "detail"), "场地租赁")
        assert get_value(doc, Location(0, 0, "cost", 0, "detail")) == "场地租赁"
        found = {(p.rule, p.message) for p in check(doc)}
        assert ("weight-sum", "“年度绩效指标”的权重之和为20，应为100") in found
        assert ("prior-missing", "“历年指标值 › 2022年”未填写") in found
        assert ("required", "“金额”未填写") in found
        assert any(rule == "placeholder" and "“三级指标”中有“**”" in message for rule, message in found)
        assert not any("二级" in message for _, message in found)
        path = tmp_path / "测试.jxmb"
        projectfile.save(doc, path)
        opened = projectfile.load(path)
        assert opened == doc and opened.departments[0].projects[0].lists["annual"][0]["extra_column"] == "保留"
    finally:
        monkeypatch.undo()
        families_module.reload()


def test_a_new_year_moves_each_value_by_the_offset_its_column_declares(monkeypatch):
    """T has three history columns (offsets −3, −2, −1) and money with one prior year: each value
    keeps its calendar year whatever the count (the first model assumed two)."""
    from decimal import Decimal

    from desktop.blank import new_document, new_project
    from desktop.edits import get_value, set_value, year_shift
    from desktop.model import Indicator
    from desktop.rules import Location

    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), ROOT / "tests" / "data" / "families"])
    families_module.reload()
    try:
        t = family("T")
        doc = new_document("T", 2025)
        project = new_project(t)
        doc.departments[0].projects.append(project)
        project.lists["annual"].append(Indicator(number="5", prior0="甲2022"))   # 2022 = 2025 − 3
        line = doc.departments[0].money["fiscal"]
        line.amount, line.prior[0] = Decimal("100"), Decimal("50")            # 50 is 2024's
        shift = year_shift(doc, t, 2026)
        for loc, value in shift.changes:
            set_value(doc, loc, value)
        row = project.lists["annual"][0]
        assert (row.get("number", ""), row.get("prior0", ""), row.get("prior1", ""), row.get("prior2", "")) == \
            ("", "", "", "5")                                                  # 2025's value now under 上年
        assert shift.dropped == {2022: 1, 2024: 1} and shift.moved == {2025: 2}
        assert line.amount is None and line.prior[0] == Decimal("100")
        assert get_value(doc, Location(0, table="money", field="fiscal", column="prior0")) == Decimal("100")
    finally:
        monkeypatch.undo()
        families_module.reload()


@pytest.fixture
def family_t(monkeypatch):
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), ROOT / "tests" / "data" / "families"])
    families_module.reload()
    yield family("T")
    monkeypatch.undo()
    families_module.reload()


def _filled_t_document():
    """A T document with a distinct value in every field, column, money line and total."""
    from decimal import Decimal

    from desktop.blank import new_document, new_project
    from desktop.model import Row

    t = family("T")
    doc = new_document("T", 2025, "", "测试单位甲")
    dept = doc.departments[0]
    dept.values["preparer"] = "填报人乙"
    for i, line in enumerate(t.money.lines, 1):
        dept.money[line.key].amount = Decimal(f"{i}000.5")
        dept.money[line.key].prior[0] = Decimal(f"{i}00.25")
    project = new_project(t)
    dept.projects.append(project)
    values: set[str] = {"测试单位甲", "填报人乙"}
    for f in t.project.all_fields:
        value = Decimal(f"{len(values)}1.75") if f.type == "amount" else f"项{f.key}值"
        project.values[f.key] = value
        values.add(str(value) if f.type != "amount" else f"{value:,}")
    for section in t.project.sections:
        if section.kind not in ("indicators", "list"):
            continue
        for r in range(2):
            row = Row(**{c.key: (Decimal(f"{r + 1}{len(values)}.5") if c.type == "amount" else f"{section.key}{r}{c.key}")
                         for c in section.columns})
            values |= {f"{v:,}" if isinstance(v, Decimal) else v for v in row.values()}
            project.lists[section.key].append(row)
        if section.total:
            project.totals[section.key] = {c: Decimal(f"9{i}8.5") for i, c in enumerate(section.total["columns"])}
            values |= {f"{v:,}" for v in project.totals[section.key].values()}
    return doc, values


def test_the_test_family_exports_every_column_in_word_and_excel(family_t, tmp_path):
    """Proof 3: split targets, 权重, 指标解释, 评（扣）分标准, three history years, a cost list with
    its 合计, 长期 + 年度 tables, footer rows and money in 元: every value is printed in both files,
    under every column's label, with the form's notes and captions."""
    import docx
    import openpyxl

    from desktop.export import export_docx, export_xlsx

    doc, values = _filled_t_document()
    export_docx(doc, tmp_path / "t.docx")
    export_xlsx(doc, tmp_path / "t.xlsx")
    word = docx.Document(str(tmp_path / "t.docx"))
    word_cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    paragraphs = [p.text for p in word.paragraphs]
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    excel_cells = {str(c.value) for ws in book for r in ws.iter_rows() for c in r if c.value is not None}
    excel_shown = excel_cells | {f"{c.value:,}" for ws in book for r in ws.iter_rows() for c in r
                                 if isinstance(c.value, float)}
    labels = {"指标性质", "计算符号", "度量单位", "权重", "指标方向性", "指标解释", "评（扣）分标准", "历年指标值",
              "2022年", "2023年", "2024年", "明细", "测算依据", "2023年实际", "2024年实际", "合计", "填表人",
              "财政部门审核意见", "主管部门审核意见", "实施期绩效指标", "年度绩效指标", "项目预算成本构成"}
    assert values - word_cells == set() and labels - word_cells == set()
    assert {v.replace(",", "") for v in values} - {v.replace(",", "") for v in excel_shown} == set()
    assert labels - excel_cells == set()
    assert "注：1.权重合计应为100。" in paragraphs and "（2025年度）" in paragraphs and "金额单位：元" in paragraphs
    assert book.sheetnames == ["单位资金情况", "1、项name值"]
    notes = [c.value for r in book["1、项name值"].iter_rows() for c in r if c.value and str(c.value).startswith("注")]
    assert notes == ["注：1.权重合计应为100。"]


def test_an_indicator_blocks_own_heading_row_may_name_its_columns(tmp_path, monkeypatch):
    """A heading row written out in the family (``header``) names columns by key, as cells do."""
    import dataclasses

    import docx

    from desktop import familycheck
    from desktop.export import blocks, docx_writer, export_docx

    raw = json.loads(resource("families", "H.json").read_text(encoding="utf-8"))
    spec = next(b["table"] for b in raw["print"]["blocks"] if b.get("table", {}).get("each") == "project")
    block = next(r for r in spec["rows"] if "indicators" in r)
    block["header"] = [[{"label": "level1"}, {"label": "level2"}, {"text": "指标名称"}, {"label": "description"},
                        {"label": "target", "span": 2}, {"label": "basis"}]]
    assert familycheck.check(raw, "H.json") == []
    changed = dataclasses.replace(family("H"), print=raw["print"])
    monkeypatch.setattr(blocks, "family", lambda _id: changed)
    monkeypatch.setattr(docx_writer, "family", lambda _id: changed)
    doc = projectfile.load(next(p for p in samples() if "luanping" in p.name))
    export_docx(doc, tmp_path / "h.docx")
    rows = [[c.text for c in r.cells] for t in docx.Document(str(tmp_path / "h.docx")).tables for r in t.rows]
    assert ["一级指标", "二级指标", "指标名称", "绩效指标描述", "指标值", "指标值", "指标值确定依据"] in rows
