"""The partnerships' pages: the conventions (list, detail, new), the ledger's entries (record, reverse, validate),
earmarks, the figures, the import and the export. Thin: parse, one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope
from jisr.core.form_errors import service_errors_into
from jisr.partnerships import exporting, figures, importing, reports, selectors, services
from jisr.partnerships.forms import (
    BudgetForm,
    ConventionEditForm,
    ConventionForm,
    DocumentForm,
    EarmarkForm,
    EntryForm,
    FilterForm,
    ImportForm,
    PartyForm,
    ProjectForm,
    ReverseForm,
    StatusForm,
    ValidateForm,
)

PAGE_SIZE = 25


@login_required
def convention_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The conventions the user may see, searched and filtered, 25 a page, each with its money."""
    selectors.require_view(request.user)
    form = FilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {"text": form.cleaned_data["q"], "status": form.cleaned_data["status"],
                   "kind": form.cleaned_data["kind"], "region": form.cleaned_data["region"]}  # fmt: skip
    page = Paginator(selectors.conventions(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    money = reports.list_money(request.user, [convention.pk for convention in page])
    rows = [(convention, money["money"].get(convention.pk, figures.Money())) for convention in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "rows": rows, "query_string": query.urlencode(),
        "totals": money["totals"], "regional_part": bool(money["regions"]), "region_names": money["region_names"],
        "can_add": scope.user_scope(request.user).has_permission_somewhere(selectors.ADD),
        "can_import": scope.user_scope(request.user).has_permission_somewhere(selectors.IMPORT),
        "can_export": scope.user_scope(request.user).has_permission_somewhere(selectors.EXPORT),
    }  # fmt: skip
    return render(request, "partnerships/list.html", context)


@login_required
def convention_detail(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """A convention: its parties with each one's commitment, territories, projects, earmarks and money."""
    convention = selectors.convention_get(request.user, convention_id)
    context = reports.convention_report(request.user, convention)
    context["status_form"] = StatusForm(prefix="status")
    context["document_form"] = DocumentForm(prefix="doc")
    return render(request, "partnerships/detail.html", context)


@login_required
def convention_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a convention with its territories and parties."""
    scope.require(request.user, selectors.ADD)
    form = ConventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parties = form.parties()
        for role in ("funding", "accountable", "implementing", "extending"):
            data.pop(role)
        try:
            convention = services.convention_create(acting_user=request.user, parties=parties, **data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return render(request, "partnerships/form.html", {"form": form})


@login_required
@require_POST
def convention_status(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """Move the convention along its workflow, or store its signed document."""
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    status_form = StatusForm(request.POST, prefix="status")
    document_form = DocumentForm(request.POST, request.FILES, prefix="doc")
    try:
        if "doc-document" in request.FILES and document_form.is_valid():
            upload = document_form.cleaned_data["document"]
            services.convention_attach_document(acting_user=request.user, convention=convention,
                                                file_name=upload.name, content=upload.read())  # fmt: skip
        elif status_form.is_valid():
            services.convention_set_status(acting_user=request.user, convention=convention,
                                           status=status_form.cleaned_data["status"],
                                           signed_on=status_form.cleaned_data["signed_on"])  # fmt: skip
        else:
            messages = [*document_form.errors.get("document", []), *status_form.errors.get("status", [])]
            raise ValidationError(messages or [_("Choose a status or a file.")])
    except ValidationError as error:
        context = reports.convention_report(request.user, convention)
        context.update(status_form=status_form, document_form=document_form, action_errors=error.messages)
        return render(request, "partnerships/detail.html", context, status=422)
    return redirect("partnerships:detail", convention_id=convention.pk)


@login_required
def convention_document(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """The signed document, for a reader who may see the convention (the read is audited)."""
    convention = selectors.convention_get(request.user, convention_id)
    name, mime, content = services.convention_document(acting_user=request.user, convention=convention)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def entry_new(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """Record a commitment, a disbursement or an expenditure on the convention."""
    convention = selectors.convention_get(request.user, convention_id, selectors.RECORD)
    form = EntryForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.transaction_record(acting_user=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return render(request, "partnerships/entry_form.html", {"form": form, "convention": convention})


@login_required
def entry_reverse(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    """Confirm, then record the reversing entry of an entry (corrections are never edits)."""
    entry = selectors.transaction_get(request.user, entry_id, selectors.RECORD)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transaction_reverse(acting_user=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=entry.convention_id)
    return render(request, "partnerships/reverse.html", {"form": form, "entry": entry})


@login_required
def entry_validate(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    """The second person's validation (or rejection) of an entry above the four-eyes amount."""
    entry = selectors.transaction_get(request.user, entry_id, selectors.VALIDATE)
    form = ValidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transaction_validate(acting_user=request.user, entry=entry,
                                          approve=form.cleaned_data["decision"] == "approve",
                                          reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=entry.convention_id)
    return render(
        request,
        "partnerships/validate.html",
        {"form": form, "entry": entry, "own": entry.recorded_by_id == request.user.pk},
    )


@login_required
def earmark_new(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """Reserve part of a commitment for a target group or a use."""
    convention = selectors.convention_get(request.user, convention_id, selectors.RECORD)
    form = EarmarkForm(request.POST or None, commitments=selectors.commitments_of(convention))
    if request.method == "POST" and form.is_valid():
        try:
            services.earmark_add(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return render(request, "partnerships/earmark_form.html", {"form": form, "convention": convention})


@login_required
def figures_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Committed, disbursed, spent, rates and remaining per region, province, party, pillar or year."""
    selectors.require_view(request.user)
    context = reports.figures_report(request.user, request.GET.get("by", "region"), request.GET.get("year", ""))
    return render(request, "partnerships/figures.html", context)


@login_required
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import commitments and disbursements from a CSV or XLSX file (all rows or none)."""
    scope.require(request.user, selectors.IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.transactions_import(acting_user=request.user, file_name=upload.name,
                                               content=upload.read())  # fmt: skip
    return render(request, "partnerships/import.html", {"form": form, "report": report})


@login_required
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The ledger's entries on the conventions the user may see, as CSV (audited)."""
    scope.require(request.user, selectors.EXPORT)
    content = exporting.transactions_csv(acting_user=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partnerships-transactions.csv"'
    return response


def _edit_page(request: AuthenticatedHttpRequest, convention: Any, form: Any, heading: str,
               status: int = 200) -> HttpResponse:  # fmt: skip
    return render(request, "partnerships/edit_form.html", {"form": form, "convention": convention,
                                                            "heading": heading}, status=status)  # fmt: skip


@login_required
def convention_edit(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """Change a convention's number, titles, type, dates or description (its status has its own workflow)."""
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    initial = {name: getattr(convention, name) for name in services.CONVENTION_FIELDS}
    form = ConventionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.convention_update(acting_user=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return _edit_page(request, convention, form, _("Edit the convention"))


@login_required
def project_new(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """A project under the convention, with its own territories (optional) and centers (optional)."""
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_create(acting_user=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return _edit_page(request, convention, form, _("New project"))


@login_required
def project_edit(request: AuthenticatedHttpRequest, convention_id: Any, project_id: Any) -> HttpResponse:
    """Change a project's titles, description, territories or centers (its code stays)."""
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    project = selectors.project_of_convention(convention, project_id)
    initial = {"code": project.code, "title_ar": project.title_ar, "title_fr": project.title_fr,
               "title_en": project.title_en, "description": project.description,
               "centers": " ".join(center.code for center in project.centers.all()),
               "territories": "\n".join(f"{row.code} {row.percent.normalize()}"
                                        for row in project.coverages.all())}  # fmt: skip
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("code", None)
        try:
            services.project_update(acting_user=request.user, project=project, **data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return _edit_page(request, convention, form, _("Edit the project"))


@login_required
def budget_edit(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """The planned amount of a year, for the convention or one of its projects (a revision replaces it)."""
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    form = BudgetForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_set(acting_user=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return _edit_page(request, convention, form, _("Planned budget of a year"))


@login_required
def party_edit(request: AuthenticatedHttpRequest, convention_id: Any) -> HttpResponse:
    """Add an organization as a party, or change the roles of one already party."""
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    initial: dict[str, Any] = {}
    if "organization" in request.GET:
        chosen = next((p for p in convention.parties.all() if str(p.organization_id) == request.GET["organization"]),
                      None)  # fmt: skip
        if chosen is not None:
            initial = {"organization": chosen.organization_id,
                       "roles": [name for name in services.ROLES if getattr(chosen, name)]}  # fmt: skip
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_set(acting_user=request.user, convention=convention,
                               organization=form.cleaned_data["organization"],
                               roles=form.cleaned_data["roles"])  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("partnerships:detail", convention_id=convention.pk)
    return _edit_page(request, convention, form, _("A party and its roles"))


@login_required
def pending_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entries awaiting a second validation that the user may validate (never the ones they recorded)."""
    scope.require(request.user, selectors.VALIDATE)
    page = Paginator(selectors.pending_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/pending.html", {"page": page})
