"""The Qt models over the document: Qt's model tester, and edits that become undo commands."""

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop.blank import new_document
from desktop.edits import INDICATORS, ListRef
from desktop.model import Indicator
from desktop.rules import check
from tests.ui.conftest import BY_FAMILY, sample
from ui.checking import ProblemIndex
from ui.models.indicators import IndicatorTableModel
from ui.models.lists import ListModel
from ui.models.money import MoneyModel
from ui.models.plan import PlanModel
from ui.models.problems import LISTED, ProblemsModel
from ui.models.projects import ProjectsModel
from ui.models.tree import INDICATOR, PROJECT, DocumentTreeModel, Node
from ui.session import EditSession


@pytest.mark.parametrize("family_id", sorted(BY_FAMILY))
def test_every_model_passes_qt_model_tester(qtmodeltester, family_id):
    doc = sample(BY_FAMILY[family_id])
    session = EditSession(doc)
    problems = ProblemIndex(check(doc))
    fam = session.family
    models = [DocumentTreeModel(session)]
    if fam.has_projects:
        models += [IndicatorTableModel(session, ListRef(0, 0, INDICATORS), fam.project_table), ProjectsModel(session, 0)]
        plan = PlanModel(session)
        plan.bind(0, 0)
        models.append(plan)
    if fam.money:
        models.append(MoneyModel(session, 0, fam.money))
    models += [IndicatorTableModel(session, ListRef(0, None, t.key), t) for t in fam.department_tables]
    models += [ListModel(session, ListRef(0, None, s.kind)) for s in fam.sections
               if s.kind in ("sub_goals", "measures", "work_plan")]
    for model in models:
        model.set_problems(problems)
        qtmodeltester.check(model)
    panel = ProblemsModel()
    panel.set_problems(doc, problems)
    qtmodeltester.check(panel)


def test_tree_follows_row_commands(qtmodeltester):
    session = EditSession(sample("hebei-luanping-2026-xinfang"))
    tree = DocumentTreeModel(session)
    qtmodeltester.check(tree)
    table = IndicatorTableModel(session, ListRef(0, 0, INDICATORS), session.family.project_table)
    before = tree.rowCount(tree.index_of(Node(PROJECT, 0, project=0)))
    table.write([(table.rowCount(), 2, "新增指标")], "粘贴")
    assert tree.rowCount(tree.index_of(Node(PROJECT, 0, project=0))) == before + 1
    assert tree.data(tree.index_of(Node(INDICATOR, 0, project=0, row=before))) == "新增指标"
    session.stack.undo()
    assert tree.rowCount(tree.index_of(Node(PROJECT, 0, project=0))) == before


def test_set_data_pushes_a_command_and_undo_restores():
    session = EditSession(sample("hebei-luanping-2026-xinfang"))
    table = IndicatorTableModel(session, ListRef(0, 0, INDICATORS), session.family.project_table)
    target = table.index(0, 4)
    assert table.setData(target, "≥80次")
    assert session.doc.departments[0].projects[0].indicators[0].target == "≥80次"
    assert session.stack.undoText() == "修改“指标值”"
    session.stack.undo()
    assert target.data() == "≥75次"


def test_a_new_level1_clears_a_level2_that_does_not_belong():
    session = EditSession(sample("hebei-luanping-2026-xinfang"))
    table = IndicatorTableModel(session, ListRef(0, 0, INDICATORS), session.family.project_table)
    assert table.choices(0, 1) == ["数量指标", "质量指标", "时效指标", "成本指标"]
    table.setData(table.index(0, 0), "满意度指标")
    row = session.doc.departments[0].projects[0].indicators[0]
    assert (row.level1, row.level2) == ("满意度指标", "")
    session.stack.undo()
    assert (row.level1, row.level2) == ("产出指标", "数量指标")


def test_equal_level1_and_level2_cells_form_runs():
    session = EditSession(sample("hebei-luanping-2026-xinfang"))
    table = IndicatorTableModel(session, ListRef(0, 0, INDICATORS), session.family.project_table)
    assert [table.run(r, 0) for r in range(6)] == [(0, 3)] * 4 + [None, None]
    assert table.run(0, 1) is None     # 二级 differ within 产出指标
    table.setData(table.index(1, 1), "数量指标")
    assert table.run(0, 1) == (0, 1)


def test_an_amount_that_is_not_a_number_is_refused_in_chinese(qtbot):
    session = EditSession(sample("hubei-ezhou-2024-xinfang"))
    money = MoneyModel(session, 0, session.family.money)
    with qtbot.waitSignal(money.message) as said:
        assert not money.setData(money.index(0, 2), "五百")
    assert said.args == ["“五百”不是数字，未修改。"]
    assert session.stack.count() == 0


def test_money_shows_computed_totals_and_fills_them_in_one_step():
    doc = new_document("B", 2024, "", "鄂州市信访局")
    session = EditSession(doc)
    money = MoneyModel(session, 0, session.family.money)
    money.setData(money.index(0, 2), "593.27")
    money.setData(money.index(4, 2), "389.89")
    money.setData(money.index(5, 2), "203.38")
    total = money.index(3, 2)
    assert total.data() == "593.27" and session.value(money.location(3, 2)) is None
    assert money.index(3, 2).data(Qt.ItemDataRole.ToolTipRole).startswith("未填写；按各项之和计算为 593.27")
    assert money.index(4, 3).data() == "65.72%"
    count = session.stack.count()
    assert money.fill_computed()
    assert session.stack.count() == count + 1
    assert doc.departments[0].money["income_total"].amount == Decimal("593.27")
    assert doc.departments[0].money["personnel"].share == Decimal("65.72")
    assert check(doc) == [p for p in check(doc) if p.location.table != "money"]


def test_plan_is_one_row_of_checkpoints_and_can_be_completed():
    session = EditSession(sample("hebei-luanping-2026-xinfang"))
    plan = PlanModel(session)
    plan.bind(0, 0)
    assert [plan.headerData(c, Qt.Orientation.Horizontal) for c in range(plan.columnCount())] == ["3月底", "6月底", "10月底"]
    assert plan.index(0, 2).data() == "75%"
    assert plan.missing_checkpoints() == ["12月底"]
    plan.add_missing_checkpoints()
    assert plan.columnCount() == 4 and plan.missing_checkpoints() == []
    plan.setData(plan.index(0, 3), "100")
    assert [p.rule for p in check(session.doc) if p.location.table == "plan"] == []
    session.stack.undo()
    session.stack.undo()
    assert plan.columnCount() == 3


def test_the_panel_lists_at_most_500_of_a_severity_and_counts_them_all(qtmodeltester):
    doc = sample("hebei-dingzhou-2020-xinfang")
    project = doc.departments[0].projects[0]
    project.indicators = [Indicator("产出指标", "数量指标", f"指标{i}") for i in range(600)]   # 指标值 empty: 600 errors
    problems = check(doc)
    errors = sum(p.severity.value == "错误" for p in problems)
    assert errors > LISTED
    model = ProblemsModel()
    model.set_problems(doc, ProblemIndex(problems))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == f"错误（{errors}，列出 {LISTED}）"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == f"只列出前 {LISTED} 个错误，改正后显示其余"
    assert model.rowCount(model.index(0, 0)) == LISTED


def test_cells_read_full_width_and_invisible_characters_and_refuse_what_they_cannot_read(qtbot):
    session = EditSession(sample("hebei-luanping-2026-xinfang"))
    plan = PlanModel(session)
    plan.bind(0, 0)
    assert plan.setData(plan.index(0, 0), "５０％")                  # a percent cell, typed full-width
    assert plan.index(0, 0).data() == "50%"
    other = EditSession(sample("hubei-ezhou-2024-xinfang"))
    money = MoneyModel(other, 0, other.family.money)
    assert money.setData(money.index(0, 2), "593.27\u200b")          # pasted with a zero-width space
    assert other.value(money.location(0, 2)) == Decimal("593.27")
    count = session.stack.count()
    for typed, said in [("−5", "“−5”是负数"), ("－5", "“－5”是负数"), ("1,2,3", "千位分隔符"),
                        ("1E5", "科学计数法"), ("٥٠", "无法识别的数字“٥”"), ("1,2\u200b,3", "“1,2[U+200B],3”")]:
        with qtbot.waitSignal(plan.message) as message:
            assert not plan.setData(plan.index(0, 1), typed)
        assert said in message.args[0] and message.args[0].endswith("，未修改。")
    assert session.stack.count() == count
    notes = plan.write([(0, 1, "1.234,56"), (0, 2, "７５")], "粘贴")
    assert len(notes) == 1 and "第1行“6月底”" in notes[0] and "千位分隔符" in notes[0]
    assert plan.index(0, 2).data() == "75%"


def test_a_paste_over_many_rows_is_one_notification_per_view():
    """Writing 600 cells over existing rows tells the table and the tree once each, not once a cell
    (a 5,000-row paste over rows took 5.9 s with one notification per cell, 2.9 s now)."""
    doc = sample(BY_FAMILY["H"])
    project = doc.departments[0].projects[0]
    project.indicators[:] = [Indicator(level1="产出指标", level2="数量指标", level3=f"指标{i}") for i in range(200)]
    session = EditSession(doc)
    table = IndicatorTableModel(session, ListRef(0, 0, INDICATORS), session.family.project_table)
    tree = DocumentTreeModel(session)
    table_signals, tree_signals = [], []
    table.dataChanged.connect(lambda *args: table_signals.append(args))
    tree.dataChanged.connect(lambda *args: tree_signals.append(args))
    column = next(i for i in range(table.columnCount()) if table.location(0, i).field == "level3")
    table.write([(row, column, f"新指标{row}") for row in range(200)], "粘贴")
    assert [ind.level3 for ind in project.indicators] == [f"新指标{row}" for row in range(200)]
    assert len(table_signals) == 1
    first, last = table_signals[0][0], table_signals[0][1]
    assert (first.row(), last.row(), first.column(), last.column()) == (0, 199, column, column)
    (top, bottom, _roles), = tree_signals    # one for the run of indicator nodes (was one a node)
    assert (top.row(), bottom.row(), top.parent().row()) == (0, 199, 0)
    session.stack.undo()
    assert project.indicators[5].level3 == "指标5"
    assert len(table_signals) == 2
