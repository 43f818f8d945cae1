"""Import of hand-made files (tests/data/import, built by tests/make_import_files.py from the seed
texts) and of files it cannot read: a Chinese message that says what to do, never a traceback,
and limits checked before anything is unpacked."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.errors import UserFacingError
from desktop.export import export_docx
from desktop.importer import import_file
from desktop.importer.limits import MAX_FILE_BYTES, OLE
from desktop.projectfile import load

DATA = Path(__file__).parent / "data" / "import"
SAMPLES = Path(__file__).parent.parent / "resources" / "samples"

# The share of cells each hand-made file places at least (measured: see the report of issue 11).
SHARES = {
    "定州-原样.docx": 0.99, "定州-合并单元格-指标表分页.docx": 0.99, "定州-一张工作表.xlsx": 0.99,
    "滦平-全角数字.docx": 0.99, "滦平-重复表头.xlsx": 0.99, "石峰-原样.docx": 0.99, "石峰-万元.xlsx": 0.99,
    "鄂州-原样.docx": 0.99, "鄂州-百分比数字-重复表头.xlsx": 0.99, "鄂州-合并单元格-指标表分页.docx": 0.99,
    "金寨-千位分隔.docx": 0.85, "金寨-数字.xlsx": 0.85,     # 金寨 prints the older wording (主管部门)
}


@pytest.mark.parametrize("name", sorted(SHARES))
def test_hand_made_files_place_their_cells(name: str) -> None:
    result = import_file(DATA / name)
    assert result.share >= SHARES[name], result.report()
    # every cell not placed is listed with its place
    listed = [e for e in result.entries if e.place]
    assert len(listed) == result.total - result.placed


def test_hand_made_h_file_reads_projects_year_unit_and_amounts() -> None:
    result = import_file(DATA / "定州-合并单元格-指标表分页.docx")
    doc = result.document
    assert (result.family, doc.unit) == ("H", "万元")
    dept = doc.departments[0]
    names = [p.name for p in dept.projects]
    assert len(names) == 6 and names[0] == "残疾军困难补助"
    first = dept.projects[0]
    assert first.budget == Decimal("0.54")          # written 0.54万元
    assert len(first.indicators) == 4               # a table split in two, the heading repeated
    assert [p.percent for p in first.plan] == [Decimal("25.00"), Decimal("50.00"), Decimal("75.00"),
                                               Decimal("100.00")]


def test_hand_made_n_file_reads_the_department_and_each_sub_item() -> None:
    doc = import_file(DATA / "石峰-原样.docx").document
    assert doc.year == 2021
    dept = doc.departments[0]
    assert dept.money["total"].amount == Decimal("173.4271")
    assert dept.values["special_total"] == Decimal("38.598")     # the row 合  计
    assert [p.budget for p in dept.projects] == [Decimal("1.878"), Decimal("36.72")]
    assert all(p.indicators for p in dept.projects)


def _zip(path: Path, parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(UserFacingError) as caught:
        import_file(path)
    message = caught.value.message
    assert all(w in message for w in words), message
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize("suffix, to", [(".doc", ".docx"), (".wps", ".docx"), (".et", ".xlsx"), (".xls", ".xlsx")])
def test_old_formats_say_save_as_first(tmp_path: Path, suffix: str, to: str) -> None:
    path = tmp_path / f"去年的表{suffix}"
    path.write_bytes(OLE + b"\0" * 504)
    _refused(path, "另存为", to)


def test_password_protected_file_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "加密.docx"
    path.write_bytes(OLE + b"\0" * 2048)          # Office keeps an encrypted .docx in an OLE file
    _refused(path, "密码")


def test_damaged_zip_is_named_so(tmp_path: Path) -> None:
    good = tmp_path / "好.docx"
    export_docx(load(SAMPLES / "hubei-ezhou-2024-xinfang.jxmb"), good)
    broken = tmp_path / "坏.docx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(broken, "损坏")
    _refused(_zip(tmp_path / "缺正文.docx", {"[Content_Types].xml": b"<x/>"}), "Word")
    _refused(_zip(tmp_path / "坏正文.docx", {"word/document.xml": b"<w:document"}), "损坏")
    _refused(_zip(tmp_path / "坏表.xlsx", {"xl/workbook.xml": b"<nonsense"}), "Excel")
    (tmp_path / "文本.xlsx").write_text("不是表格", encoding="utf-8")
    _refused(tmp_path / "文本.xlsx", "不是有效")


def test_a_file_of_no_family_is_refused(tmp_path: Path) -> None:
    import docx
    document = docx.Document()
    document.add_paragraph("会议通知")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "姓名"
    table.rows[1].cells[0].text = "张三"
    document.save(str(tmp_path / "通知.docx"))
    _refused(tmp_path / "通知.docx", "不像是", "绩效目标表")


def test_a_big_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "大.xlsx"
    with path.open("wb") as stream:
        stream.write(b"PK")
        stream.truncate(MAX_FILE_BYTES + 1)
    _refused(path, "MB")


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    zeros = io.BytesIO()
    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                part.write(block)
    del zeros
    assert bomb.stat().st_size < 2 * 1024 * 1024
    _refused(bomb, "异常庞大")


def test_an_empty_file_and_a_folder(tmp_path: Path) -> None:
    (tmp_path / "空.docx").write_bytes(b"")
    _refused(tmp_path / "空.docx", "空文件")
    _refused(tmp_path / "没有.docx", "找不到")
    _refused(tmp_path / "说明.pdf", ".docx")


def _sample(name: str):
    return load(SAMPLES / name).departments[0]


@pytest.mark.parametrize("name", ["鄂州-原样.docx", "鄂州-百分比数字-重复表头.xlsx", "鄂州-合并单元格-指标表分页.docx"])
def test_hand_made_b_files_give_the_samples_money_and_annual_indicators(name: str) -> None:
    """The seed retyped without merges (its headings in other columns than its values, 一级 written
    once, 运行\n成本 over two lines, 指标值 over the history and target columns), as Excel
    numbers and percentages, or merged and split over two tables: the money table and the 39
    annual indicators with their two prior years are the sample's."""
    result = import_file(DATA / name)
    dept, sample = result.document.departments[0], _sample("hubei-ezhou-2024-xinfang.jxmb")
    assert result.document.year == 2024 and result.family == "B"
    assert dept.money == sample.money
    assert dept.money["personnel"].share == Decimal("65.72")
    assert dept.lists["annual"] == sample.lists["annual"]
    notes = result.report()
    if "合并" not in name:
        assert "已按上一行填写" in notes          # 一级 written once: filled down, and said so
    assert "空格或换行已去掉" in notes            # 运行\n成本: the respelled vocabulary words are counted


def test_hand_made_h_file_gives_the_samples_projects() -> None:
    result = import_file(DATA / "定州-合并单元格-指标表分页.docx")
    dept, sample = result.document.departments[0], _sample("hebei-dingzhou-2020-xinfang.jxmb")
    assert dept.lists["measures"] == sample.lists["measures"]
    assert dept.lists["sub_goals"] == sample.lists["sub_goals"]
    same = [p for p, q in zip(dept.projects, sample.projects, strict=True) if p == q]
    assert len(same) >= 5                          # the sixth: the seed's own line breaks in a cell


@pytest.fixture
def twin_family(tmp_path, monkeypatch):
    """H copied under another id and name: a second family that fits an H file exactly as well."""
    import json

    from desktop import families as families_module
    from desktop.resources import resource

    raw = json.loads(resource("families", "H.json").read_text(encoding="utf-8"))
    raw["id"], raw["name"] = "X", "复制的表式"
    folder = tmp_path / "families"
    folder.mkdir()
    (folder / "X.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), folder])
    families_module.reload()
    yield "X"
    monkeypatch.undo()
    families_module.reload()


def test_two_families_that_fit_are_both_offered(twin_family: str, tmp_path: Path) -> None:
    original = load(SAMPLES / "hebei-dingzhou-2020-xinfang.jxmb")
    path = tmp_path / "定州.docx"
    export_docx(original, path)
    result = import_file(path)
    assert set(result.candidates) == {"H", twin_family}
    assert "请选择" in result.report()
    by_family = {result.family: result, **result.alternatives}
    assert by_family[twin_family].document.family == twin_family
    assert by_family[twin_family].document.departments == by_family["H"].document.departments
    assert by_family["H"].placed == by_family["H"].total


@pytest.mark.parametrize("name, budget", [("金寨-千位分隔.docx", "1125.00"), ("金寨-数字.xlsx", "1125")])
def test_hand_made_project_form_reads_amounts_with_separators_and_the_year(name: str, budget: str) -> None:
    """The one-page project form typed from the 金寨 seed: 1,125.00 (or an Excel number), the
    year from （2021年度）, nine indicators with 一级 written once."""
    result = import_file(DATA / name)
    project = result.document.departments[0].projects[0]
    assert result.document.year == 2021
    assert project.budget == project.fiscal == Decimal(budget) and str(project.budget) == budget
    assert len(project.indicators) == 9
    assert all(row.get("level1") for row in project.indicators)


def test_hand_made_file_with_full_width_digits_and_dotted_titles() -> None:
    """８０．００ reads as 80.00; titles numbered 1. set the form's numbering; the cover's （草案）."""
    result = import_file(DATA / "滦平-全角数字.docx")
    doc = result.document
    dept = doc.departments[0]
    assert (doc.year, doc.draft) == (2026, True)
    assert [str(p.budget) for p in dept.projects] == ["80.00", "31.50"]
    assert [p.name for p in dept.projects] == ["信访工作保障经费", "信访维稳经费"]
    assert dept.values.get("numbering") == "1."
    assert [p.percent for p in dept.projects[1].plan] == [Decimal(25), Decimal(50), Decimal(100)]
