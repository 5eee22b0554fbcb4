"""Program pages: the list, a program with its rule builder and a live preview, coverage and gap by territory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes
from jisr.programs import selectors, services
from jisr.programs.charts import coverage_chart
from jisr.programs.coverage import LEVELS, computed_at, coverage
from jisr.programs.models import Program
from jisr.programs.rule_builder import REFRESH, SAVE
from jisr.programs.rule_editor import RuleEditor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ["census_households", "registered_households", "registered_persons", "eligible_households",
           "eligible_persons", "enrolled_households", "enrolled_persons", "served_persons"]  # fmt: skip


@login_required
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "programs/list.html", {"programs": selectors.program_list(request.user)})


def _editor_context(request: AuthenticatedHttpRequest, program: Program, editor: RuleEditor) -> dict[str, Any]:
    """What the rule editor's templates need: the editor, what the rule selects or why it cannot, the rights."""
    rule = editor.rule
    user_scope = scope.user_scope(request.user)
    return {"program": program, "editor": editor, "problems": editor.lines(),
            "result": selectors.rule_preview(rule, "region") if rule is not None else None,
            "can_change": user_scope.has_permission_somewhere("programs.change_program"),
            "can_enroll": user_scope.has_permission_somewhere("programs.enroll_households")}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def program_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A program with its rule builder and what the rule selects. Without JavaScript every button of the
    builder posts here and the page comes back with the change; "Save" saves (audited by the service)."""
    program = selectors.program_get(request.user, code)
    if request.method == "POST":
        program = selectors.program_get(request.user, code, permission="programs.change_program")
        editor = RuleEditor.posted(request.POST, selectors.RuleChoices())
        if editor.action == SAVE and (rule := editor.rule_to_save()) is not None:
            names = {"name_ar": program.name_ar, "name_fr": program.name_fr, "name_en": program.name_en}
            try:
                services.program_save(acting_user=request.user, program=program, code=program.code, rule=rule, **names)
            except ValidationError as error:
                editor.service_refused(error)
            else:
                messages.success(request, _("The rule was saved."))
                return redirect("programs:detail", code=program.code)
    else:
        editor = RuleEditor.saved(program.rule, selectors.RuleChoices())
    return render(request, "programs/detail.html", _editor_context(request, program, editor))


@login_required
@require_POST
def program_rule_form(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The htmx partial: the builder after one of its buttons or selects, with the preview, the JSON of the
    advanced view and what happened (swapped out of band). Never saves."""
    program = selectors.program_get(request.user, code, permission="programs.change_program")
    action = request.POST.get("action", REFRESH)
    editor = RuleEditor.posted(request.POST, selectors.RuleChoices(), action=REFRESH if action == SAVE else action,
                               trigger=request.headers.get("HX-Trigger"))  # fmt: skip
    return render(request, "programs/_rule_form_swap.html", _editor_context(request, program, editor))


@login_required
@require_POST
def program_preview(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The htmx partial: what the rule of the form (or of a posted JSON `rule`) selects, by region, before
    saving; with the advanced view's JSON brought up to date."""
    program = selectors.program_get(request.user, code)
    editor = RuleEditor.posted(request.POST, selectors.RuleChoices(), action="preview")
    return render(request, "programs/_preview_swap.html", _editor_context(request, program, editor))


@login_required
@require_POST
def program_enroll(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    program = selectors.program_get(request.user, code, permission="programs.enroll_households")
    added = services.enroll_eligible(acting_user=request.user, program=program)
    checked = services.recheck(acting_user=request.user, program=program)
    messages.success(request, _("%(added)d households enrolled, %(paused)d paused, %(resumed)d resumed.")
                     % {"added": added, **checked})  # fmt: skip
    return redirect("programs:detail", code=program.code)


@login_required
def coverage_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coverage and gap by territory, sortable, charted, exportable as CSV; small counts hidden for analysts."""
    programs = list(selectors.program_list(request.user, permission="programs.view_coverage"))
    if not programs:
        return render(request, "programs/coverage.html", {"programs": [], "rows": []})
    program = next((p for p in programs if p.code == request.GET.get("program")), programs[0])
    level = request.GET.get("level", "region") if request.GET.get("level") in LEVELS else "region"
    parent = request.GET.get("parent") or None
    rows = coverage(program, level, parent, suppress_small=not scope.user_scope(request.user).sees_personal_data)
    sort = request.GET.get("sort", "gap")
    key: Any = {"gap": lambda r: -(r.gap or 0), "coverage": lambda r: r.coverage_rate or 0.0,
                "name": lambda r: r.name}.get(sort, lambda r: r.code)  # fmt: skip
    rows.sort(key=key)
    header = ["code", "name", *COLUMNS, "coverage_rate", "gap", "registration_rate"]
    lines = [[row.code, row.name, *[row.figures.get(c) for c in COLUMNS], row.coverage_rate, row.gap,
              row.registration_rate] for row in rows]  # fmt: skip
    file_format = request.GET.get("format")
    if file_format in ("csv", "xlsx"):
        table: list[list[Any]] = [header, *lines]
        content, _count = csv_bytes(table) if file_format == "csv" else xlsx_bytes(table, level)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8" if file_format == "csv" else XLSX)
        response["Content-Disposition"] = f'attachment; filename="coverage-{program.code}-{level}.{file_format}"'
        return response
    context = {"programs": programs, "program": program, "level": level, "parent": parent or "", "rows": rows,
               "sort": sort, "levels": list(LEVELS), "columns": COLUMNS, "chart": coverage_chart(rows),
               "computed_at": computed_at(program)}  # fmt: skip
    return render(request, "programs/coverage.html", context)
