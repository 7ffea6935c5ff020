"""Exports (row 13.1: whoever may view the plan) and import (row 13.4: fund staff) of a
monitoring plan. See ``exports`` and ``imports``."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phonlap.accounts.access import requires
from phonlap.core import audit, fiscal

from . import exports, imports, queries
from .export_forms import PlanImportForm
from .rules import MANAGE, VIEW


def _quarter(request, plan) -> int:
    """``?quarter=1..4`` if given, else the plan's current quarter."""
    try:
        quarter = int(request.GET.get("quarter", ""))
    except ValueError:
        quarter = 0
    return quarter if quarter in fiscal.QUARTERS else exports.default_quarter(plan)


@requires(VIEW)
@require_GET
def plan_xlsx(request, pk):
    plan = queries.get_plan_for_user(request.user, pk)
    workbook = exports.build_workbook(plan, _quarter(request, plan))
    return FileResponse(workbook, as_attachment=True, filename=exports.filename(plan, "xlsx"),
                        content_type=exports.XLSX_CONTENT_TYPE)


@requires(VIEW)
@require_GET
def plan_pdf(request, pk):
    plan = queries.get_plan_for_user(request.user, pk)
    pdf = exports.render_plan_pdf(plan, _quarter(request, plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(plan, "pdf")}"'
    return response


def _plan_page(plan) -> str | None:
    try:
        return reverse("monitoring:plan", kwargs={"pk": plan.pk})
    except NoReverseMatch:  # the plan page is built elsewhere
        return None


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    plan = queries.get_plan_for_user(request.user, pk, row=MANAGE)
    form = PlanImportForm(request.POST, request.FILES) if request.method == "POST" \
        else PlanImportForm()
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        outcome = imports.import_plan(actor=request.user, plan=plan,
                                      workbook_file=form.cleaned_data["workbook"],
                                      ip=audit.client_ip(request))
        if outcome.ok:
            messages.success(request, _("Imported: %(created)s indicators added, %(updated)s "
                                        "updated.") % {"created": outcome.created,
                                                       "updated": outcome.updated})
            return redirect(_plan_page(plan) or reverse("monitoring:plan_import",
                                                        kwargs={"pk": plan.pk}))
        errors = outcome.errors
        # The list of bad rows describes the file field too (it is not a field error).
        form.fields["workbook"].widget.attrs["aria-describedby"] = (
            f"{form['workbook'].auto_id}_helptext import-errors")
    return render(request, "monitoring/export_import.html", {
        "plan": plan, "form": form, "errors": errors, "plan_page": _plan_page(plan),
        "max_rows": imports.MAX_IMPORT_ROWS,
        "max_mb": imports.MAX_IMPORT_BYTES // (1024 * 1024),
    }, status=400 if errors or form.errors else 200)
