"""`govcheck checklist` from the command line: read the arguments as records read values, then plan.

Every argument problem is an ``ArgumentProblem`` in both languages, shown
without a traceback and ending the run with exit 2.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from govcheck.errors import InputError, InputProblems
from govcheck.i18n import Lang, Text
from govcheck.loading import values
from govcheck.loading.schema import CATEGORY, MEETING_TYPE
from govcheck.loading.settings import Settings, reference_errors
from govcheck.planning.checklist import Checklist, PlanningError, PlanRequest, build_checklist
from govcheck.planning.render import render_checklist

_SEPARATORS = re.compile(r"[,，、;；\s]+")


class ArgumentProblem(Exception):
    def __init__(self, message: Text, hint: Text | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint

    def render(self, lang: Lang) -> str:
        text = ("错误：" if lang == "zh" else "error: ") + self.message.get(lang)
        if self.hint is not None:
            text += ("\n    修改方法：" if lang == "zh" else "\n    how to fix: ") + self.hint.get(lang)
        return text


@dataclass(frozen=True)
class ChecklistArgs:
    categories: tuple[str, ...]
    date: str | None
    amount: str | None = None
    mad: bool = False
    affects_operators: bool = False
    meeting_type: str | None = None


def parse_categories(given: tuple[str, ...]) -> tuple[str, ...]:
    """--category, repeatable or comma-separated, canonical or Chinese (as in records)."""
    words = [w for raw in given for w in _SEPARATORS.split(raw) if w]
    if not words:
        raise ArgumentProblem(
            Text("缺少 --category（议题类别）", "missing --category (the item's category)"), _category_hint()
        )
    out: list[str] = []
    for word in words:
        try:
            out.append(CATEGORY.parse(word))
        except values.ValueProblem as problem:
            raise ArgumentProblem(
                Text(f"--category：{problem.message.zh}", f"--category: {problem.message.en}"), problem.hint
            ) from None
    return tuple(dict.fromkeys(out))


def _category_hint() -> Text:
    return Text(
        "例如 --category major_project 或 --category 重大项目安排，可重复或用逗号分隔",
        "e.g. --category major_project (or 重大项目安排); repeat it or separate with commas",
    )


def parse_args(args: ChecklistArgs) -> PlanRequest:
    categories = parse_categories(args.categories)
    if not args.date:
        raise ArgumentProblem(
            Text("缺少 --date（会议日期）", "missing --date (the meeting date)"),
            Text("例如 --date 2025-06-20 或 --date 2025年6月20日", "e.g. --date 2025-06-20"),
        )
    try:
        date = values.parse_date(args.date)
    except values.ValueProblem as problem:
        raise ArgumentProblem(
            Text(f"--date：{problem.message.zh}", f"--date: {problem.message.en}"), problem.hint
        ) from None
    amount = None
    if args.amount is not None:
        try:
            amount = values.parse_amount(args.amount.strip())
        except values.ValueProblem as problem:
            raise ArgumentProblem(
                Text(f"--amount：{problem.message.zh}", f"--amount: {problem.message.en}"), problem.hint
            ) from None
    meeting_type = None
    if args.meeting_type is not None:
        try:
            meeting_type = MEETING_TYPE.parse(args.meeting_type)
        except values.ValueProblem as problem:
            raise ArgumentProblem(
                Text(f"--type：{problem.message.zh}", f"--type: {problem.message.en}"), problem.hint
            ) from None
    return PlanRequest(categories, date, amount, args.mad, args.affects_operators, meeting_type)


def settings_for_checklist(config: str | None, encoding: str = "utf-8") -> Settings:
    """The settings `validate` would use from here: --config, else govcheck.yaml here or in a parent."""
    from govcheck.pipeline import resolve_settings
    from govcheck.rulebook.loader import load_rules

    settings = resolve_settings([], config, encoding)
    problems = reference_errors(settings, {rule.id for rule in load_rules()})
    if problems:
        raise InputProblems(problems)
    return settings


def checklist_text(args: ChecklistArgs, config: str | None, lang: Lang, fmt: str = "text") -> str:
    """The checklist, rendered in ``fmt`` (text, md, json, html); raises ArgumentProblem, PlanningError or
    InputProblems (all exit 2)."""
    from govcheck.rulebook.loader import load_rules

    request = parse_args(args)
    checklist: Checklist = build_checklist(request, settings_for_checklist(config), load_rules())
    if fmt == "text":
        return render_checklist(checklist, lang)
    from govcheck.planning.formats import render

    return render(checklist, fmt, lang)


def choose_format(fmt: str | None, output: str | None) -> str:
    """--format, else the -o file's suffix (.txt .md .json .html), else text; ArgumentProblem when -o says nothing."""
    from govcheck.planning.formats import FORMATS, SUFFIXES

    if fmt is not None:
        return fmt
    if output is None or output == "-":
        return "text"
    suffix = os.path.splitext(output)[1].lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix == ".pdf":
        raise ArgumentProblem(
            Text(f"清单不直接写成 PDF：{output}", f"the checklist is not written as PDF: {output}"),
            Text(
                "用 -o 会前清单.html 写出可打印的表格，在浏览器中打开，打印时选择“另存为 PDF”",
                "write the printable form with -o checklist.html, open it in a browser and print it with “Save as PDF”",
            ),
        )
    raise ArgumentProblem(
        Text(
            f"无法从文件名 {output} 判断清单格式",
            f"the file name {output} does not say which checklist format to write",
        ),
        Text(
            f"用 --format 指定（{'、'.join(FORMATS)}），或用扩展名 .txt、.md、.json、.html",
            f"give --format ({', '.join(FORMATS)}) or use the suffix .txt, .md, .json or .html",
        ),
    )


def render_problem(exc: Exception, lang: Lang) -> str:
    if isinstance(exc, ArgumentProblem):
        return exc.render(lang)
    if isinstance(exc, PlanningError):
        return ("错误：" if lang == "zh" else "error: ") + exc.message.get(lang)
    assert isinstance(exc, InputProblems)
    return "\n".join(_input_error(e, lang) for e in exc.errors)


def _input_error(error: InputError, lang: Lang) -> str:
    return ("输入错误 " if lang == "zh" else "input error ") + error.render(lang)
