import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from desktop import projectfile
from desktop.cli import main
from desktop.resources import resource
from tests.test_rules import clean_b, clean_h


def test_check_prints_one_problem_a_line_and_exits_1_on_an_error(tmp_path, capsys):
    doc = clean_h()
    doc.departments[0].projects[0].indicators[0].target = "≥0"
    path = tmp_path / "滦平.jxmb"
    projectfile.save(doc, path)
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "错误\tcannot-fail\t项目1「信访工作保障经费」 › 绩效指标第1行 › 指标值\t指标值“≥0”不可能达不到，起不到考核作用"]
    assert "错误 1，警告 0，提示 0" in err


def test_check_exits_0_with_only_warnings(tmp_path, capsys):
    doc = clean_h()
    doc.departments[0].projects[0].indicators[3].target = "群众比较满意"
    path = tmp_path / "a.jxmb"
    projectfile.save(doc, path)
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("警告\tsatisfaction-number")


def test_check_exits_2_with_a_chinese_message_for_an_unreadable_file(tmp_path, capsys):
    good = tmp_path / "好.jxmb"
    projectfile.save(clean_b(), good)
    bad = tmp_path / "坏.jxmb"
    bad.write_text(json.dumps({"format": "jxmb", "version": 99}), encoding="utf-8")
    assert main(["check", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "更新版本" in err and "Traceback" not in err


def test_bad_arguments_are_answered_in_chinese(capsys):
    assert_exit = None
    try:
        main(["check"])
    except SystemExit as exc:
        assert_exit = exc.code
    assert assert_exit == 2
    assert "命令行参数有误" in capsys.readouterr().err


def test_help_is_in_chinese_for_every_command(capsys):
    for argv in (["-h"], ["check", "--help"], ["export", "-h"]):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：python -m desktop") and "显示帮助并退出" in out
        assert not re.search(r"usage|options|positional|show this help", out)


def test_output_redirected_to_a_gbk_file_never_stops_the_check(tmp_path):
    """On Chinese Windows a redirected stdout is GBK, which has no "›"."""
    path = tmp_path / "鄂州.jxmb"
    projectfile.save(projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb")), path)
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    done = subprocess.run([sys.executable, "-m", "desktop", "check", str(path)], capture_output=True, env=env,
                          cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert done.returncode == 1
    lines = done.stdout.decode("gbk").splitlines()
    assert lines[0] == "错误\tmoney-sum\t部门总体资金情况 ? 收入构成 ? 合计 ? 2023年\t2023年收入构成各项之和为655.76，合计填写为658.57"
    assert "Traceback" not in done.stderr.decode("gbk")


def _project(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "滦平.jxmb"
    projectfile.save(clean_h(), path)
    return path, path.read_bytes()


@pytest.mark.parametrize("option", ["--docx", "--xlsx"])
def test_export_refuses_to_write_over_the_project_itself(tmp_path, capsys, monkeypatch, option):
    path, before = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    for target in (str(path), "滦平.jxmb", str(tmp_path / "." / "滦平.jxmb")):
        assert main(["export", str(path), option, target]) == 2
        err = capsys.readouterr().err
        assert "这就是要导出的项目文件" in err and "Traceback" not in err
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["滦平.jxmb"]


def test_export_refuses_the_project_under_another_name_of_the_same_file(tmp_path, capsys):
    path, before = _project(tmp_path)
    link = tmp_path / "链接.docx"
    os.link(path, link)                       # a hard link: another name, the same file
    assert main(["export", str(path), "--docx", str(link)]) == 2
    assert "这就是要导出的项目文件" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_export_refuses_the_project_in_other_letter_case_on_windows(tmp_path, capsys, monkeypatch):
    path, before = _project(tmp_path)
    upper = tmp_path / "滦平.JXMB"
    monkeypatch.setattr(os.path, "normcase", lambda p: os.fspath(p).lower())   # what Windows does
    assert main(["export", str(path), "--docx", str(upper)]) == 2
    assert "这就是要导出的项目文件" in capsys.readouterr().err
    assert path.read_bytes() == before and not upper.exists()


@pytest.mark.parametrize("option, name, wanted", [("--docx", "表.xlsx", ".docx"), ("--xlsx", "表.docx", ".xlsx"),
                                                   ("--docx", "表", ".docx"), ("--xlsx", "表.xls", ".xlsx")])
def test_export_refuses_an_output_with_the_wrong_suffix(tmp_path, capsys, option, name, wanted):
    path, _ = _project(tmp_path)
    assert main(["export", str(path), option, str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert f"应以 {wanted} 结尾" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["滦平.jxmb"]


def test_export_accepts_an_upper_case_suffix(tmp_path, capsys):
    path, _ = _project(tmp_path)
    assert main(["export", str(path), "--docx", str(tmp_path / "表.DOCX")]) == 0
    assert (tmp_path / "表.DOCX").stat().st_size > 0


def test_export_of_a_text_no_cell_can_hold_is_refused_in_chinese_and_word_takes_it(tmp_path, capsys):
    doc = clean_h()
    doc.departments[0].projects[0].indicators[0].description = "维稳" * 20_000
    path = tmp_path / "长.jxmb"
    projectfile.save(doc, path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "长.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "绩效指标第1行 › 绩效指标描述”有 40,000 个字符" in err and "Traceback" not in err
    assert not (tmp_path / "长.xlsx").exists()
    assert main(["export", str(path), "--docx", str(tmp_path / "长.docx")]) == 0


def _frozen_entry():  # type: ignore[no-untyped-def]
    """``main`` as the frozen programs import it (build/launcher.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("jixiao_launcher", Path(__file__).resolve().parents[1] / "build"
                                                  / "launcher.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_the_frozen_console_twin_names_itself_in_its_help(monkeypatch, capsys):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(Path("D:/绩效目标/jixiao/jixiao-cli.exe")))
    for argv in (["--help"], ["check", "-h"]):
        with pytest.raises(SystemExit) as caught:
            _frozen_entry()(argv)
        assert caught.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：jixiao-cli ") and "python -m" not in out


def test_the_domain_command_line_offers_no_window_and_no_selftest(capsys, monkeypatch):
    """desktop/ never reaches up into ui/: without a command it shows its help."""
    monkeypatch.setitem(sys.modules, "ui", None)        # any import of ui fails
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("用法：python -m desktop") and "selftest" not in out
    with pytest.raises(SystemExit):
        main(["selftest"])
    assert "命令行参数有误" in capsys.readouterr().err


def test_selftest_without_a_display_or_a_locale_runs_offscreen_with_nothing_on_stderr(tmp_path):
    """A server or a CI runner with LANG unset: Qt used to abort (exit 134, 'xcb-cursor0 is needed')
    and to warn about the "C" locale. PYTHONCOERCECLOCALE=0 keeps the locale as the frozen program sees it."""
    root = Path(__file__).resolve().parents[1]
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("LC_", "LANG", "DISPLAY", "WAYLAND_DISPLAY"))}
    if sys.platform.startswith("linux"):
        env.pop("QT_QPA_PLATFORM", None)
    env.update(PYTHONCOERCECLOCALE="0", JIXIAO_PROFILE=str(tmp_path), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, str(root / "build" / "launcher.py"), "selftest"], capture_output=True,
                          env=env, cwd=tmp_path, timeout=300, encoding="utf-8", errors="replace")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-1] == "自检通过"


def test_next_year_writes_a_new_file_and_leaves_the_old_one_as_it_was(tmp_path, capsys):
    path = tmp_path / "鄂州2024.jxmb"
    shutil.copy2(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"), path)
    before = path.read_bytes()
    out = tmp_path / "鄂州2025.jxmb"
    assert main(["next-year", str(path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "已生成2025年度文档" in printed and f"已保存：{out}" in printed
    assert path.read_bytes() == before
    new = projectfile.load(out)
    assert new.year == 2025 and new.departments[0].money["fiscal"].prior[1] == Decimal("593.27")
    assert main(["next-year", str(path), "-o", str(tmp_path / "清空.jxmb"), "--clear-amounts"]) == 0
    assert projectfile.load(tmp_path / "清空.jxmb").departments[0].money["fiscal"].amount is None


def test_next_year_refuses_to_write_over_this_years_file_or_a_wrong_name(tmp_path, capsys):
    path, before = _project(tmp_path)
    assert main(["next-year", str(path), "-o", str(path)]) == 2
    assert "这就是本年度的文件" in capsys.readouterr().err
    assert main(["next-year", str(path), "-o", str(tmp_path / "下一年.docx")]) == 2
    assert "应以 .jxmb 结尾" in capsys.readouterr().err
    bad = tmp_path / "坏.jxmb"
    bad.write_text("{", encoding="utf-8")
    assert main(["next-year", str(bad), "-o", str(tmp_path / "新.jxmb")]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "Traceback" not in err
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["坏.jxmb", "滦平.jxmb"]


def test_the_new_commands_answer_in_chinese(capsys):
    for argv in (["next-year", "-h"], ["check", "-h"]):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：python -m desktop") and not re.search(r"usage|options|positional", out)
    assert "--report" in out and "文件夹" in out
    with pytest.raises(SystemExit):
        main(["next-year", "a.jxmb"])                 # -o is needed
    assert "命令行参数有误" in capsys.readouterr().err


def test_import_reads_a_word_form_into_a_project_file_and_prints_its_report(tmp_path, capsys):
    from desktop.export import export_docx

    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    form = tmp_path / "鄂州.docx"
    export_docx(doc, form)
    out = tmp_path / "导入.jxmb"
    assert main(["import", str(form), "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("从“鄂州.docx”按“湖北 部门整体绩效目标表”读入") and printed[-1] == f"已保存：{out}"
    assert projectfile.load(out) == doc
    assert main(["import", str(form), "-o", str(tmp_path / "导入.docx")]) == 2
    assert "应以 .jxmb 结尾" in capsys.readouterr().err
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04broken")
    assert main(["import", str(broken), "-o", str(tmp_path / "坏.jxmb")]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "Traceback" not in err and not (tmp_path / "坏.jxmb").exists()
    assert main(["import", str(form), "-o", str(tmp_path / "别.jxmb"), "--family", "H"]) == 2
    assert "不符合表式“H”" in capsys.readouterr().err


def test_a_family_file_that_did_not_load_is_named_on_stderr(tmp_path, capsys, monkeypatch):
    from desktop import families as families_module

    (tmp_path / "Q.json").write_text('{"format": "jxmb-family", "version": 1, "id": "Q"}', encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), tmp_path])
    families_module.reload()
    try:
        sample = next(resource("samples").glob("hebei-luanping*"))
        main(["check", str(sample)])
        err = capsys.readouterr().err
        assert "注意：表式文件“Q.json”" in err and "这个表式没有使用" in err
    finally:
        monkeypatch.undo()
        families_module.reload()


def test_selftest_on_the_offscreen_platform_chosen_by_the_caller_prints_nothing_on_stderr(tmp_path):
    """The build's check runs the self-test with QT_QPA_PLATFORM=offscreen already set: the
    platform's own limits (propagateSizeHints) are not faults there either."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_PROFILE=str(tmp_path), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, str(root / "build" / "launcher.py"), "selftest"], capture_output=True,
                          env=env, cwd=tmp_path, timeout=300, encoding="utf-8", errors="replace")
    assert (done.returncode, done.stderr) == (0, "")
