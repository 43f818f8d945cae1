"""The department's plain lists: 分项绩效目标, 工作保障措施, 年度重点工作计划."""

from __future__ import annotations

from typing import Any

from desktop.edits import ListRef
from ui.models.table import Column, ListTableModel
from ui.session import EditSession

LIST_COLUMNS: dict[str, list[Column]] = {
    "sub_goals": [Column("title", "标题", width=12), Column("goal", "绩效目标", width=30),
                  Column("indicators", "绩效指标", width=16)],
    "measures": [Column("title", "标题", width=14), Column("text", "内容", width=44)],
    "work_plan": [Column("item", "事项", width=10), Column("unit", "责任单位/科室", width=10),
                  Column("goal", "工作目标", width=38)],
}


class ListModel(ListTableModel):
    def __init__(self, session: EditSession, ref: ListRef, parent: Any = None) -> None:
        super().__init__(session, ref, LIST_COLUMNS[ref.table], parent)
