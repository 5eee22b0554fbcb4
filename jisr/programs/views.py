"""Program pages: the list, a program with its rule and a live preview, coverage and gap by territory."""

from __future__ import annotations

import json
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
from jisr.programs.coverage import LEVELS, coverage
from jisr.programs.rules import parse_rule, problems_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ["census_households", "registered_households", "registered_persons", "eligible_households",
           "eligible_persons", "enrolled_households", "enrolled_persons", "served_persons"]  # fmt: skip


@login_required
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "programs/list.html", {"programs": selectors.program_list(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def program_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    program = selectors.program_get(request.user, code)
    user_scope = scope.user_scope(request.user)
    text, problems = json.dumps(program.rule, ensure_ascii=False, indent=2), []
    if request.method == "POST":
        scope.require(request.user, "programs.change_program")
        text = request.POST.get("rule", "")
        try:
            rule = parse_rule(text)
            names = {"name_ar": program.name_ar, "name_fr": program.name_fr, "name_en": program.name_en}
            services.program_save(acting_user=request.user, program=program, code=program.code, rule=rule, **names)
        except ValidationError as error:
            problems = problems_of(error)
        else:
            messages.success(request, _("The rule was saved."))
            return redirect("programs:detail", code=program.code)
    context = {"program": program, "rule_text": text, "problems": problems,
               "can_change": user_scope.has_permission_somewhere("programs.change_program"),
               "can_enroll": user_scope.has_permission_somewhere("programs.enroll_households")}  # fmt: skip
    return render(request, "programs/detail.html", context)


@login_required
@require_POST
def program_preview(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The htmx partial: what the rule in the editor selects, by region, before saving."""
    scope.require(request.user, "programs.view_program")
    try:
        result, problems = selectors.rule_preview(parse_rule(request.POST.get("rule", "")), "region"), []
    except ValidationError as error:
        result, problems = None, problems_of(error)
    return render(request, "programs/_preview.html", {"result": result, "problems": problems})


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
               "sort": sort, "levels": list(LEVELS), "columns": COLUMNS, "chart": coverage_chart(rows)}  # fmt: skip
    return render(request, "programs/coverage.html", context)
