"""The permission-matrix editor (row 11, super users) and the access log (row 12, staff and
super users): list, filter, page, and export as CSV or Excel (streamed)."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from phonlap.core import audit, exports
from phonlap.core.exceptions import DomainError
from phonlap.core.models import AuditEvent

from . import matrix, permissions
from .access import requires
from .enums import Role, Scope

try:  # the B.E.-aware date field, once phonlap.core.forms offers it
    from phonlap.core.forms import ThaiDateField as DateField  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on what has landed
    DateField = forms.DateField

ROLE_LABELS = dict(Role.choices)


# --- the matrix editor (row 11) ---


def cell_field_name(row: str, role: str) -> str:
    return f"cell_{row.replace('.', '_')}_{role}"


class MatrixForm(forms.Form):
    """One select per cell of the matrix: rows × the six roles."""

    def __init__(self, *args, current: dict[tuple[str, str], str], **kwargs):
        super().__init__(*args, **kwargs)
        self.cells: list[tuple[matrix.Row, list[tuple[str, forms.BoundField]]]] = []
        for row in matrix.DEFAULT_MATRIX:
            for role in matrix.ROLES:
                name = cell_field_name(row.code, role)
                self.fields[name] = forms.ChoiceField(
                    label=_("Row %(row)s (%(permission)s), %(role)s") % {
                        "row": row.code, "permission": _(row.label), "role": ROLE_LABELS[role],
                    },
                    choices=Scope.choices, required=False, initial=current.get((row.code, role), ""),
                )
        for row in matrix.DEFAULT_MATRIX:
            self.cells.append(
                (row, [(role, self[cell_field_name(row.code, role)]) for role in matrix.ROLES])
            )

    def changes(self) -> dict[tuple[str, str], str]:
        return {
            (row.code, role): self.cleaned_data.get(cell_field_name(row.code, role)) or ""
            for row in matrix.DEFAULT_MATRIX
            for role in matrix.ROLES
        }


def _editor_page(request, form, status=200):
    return render(request, "accounts/matrix/editor.html", {
        "form": form,
        "roles": [(role, ROLE_LABELS[role]) for role in matrix.ROLES],
    }, status=status)


@requires("11")
def matrix_editor(request):
    current = permissions.cells()
    if request.method == "POST":
        form = MatrixForm(request.POST, current=current)
        if form.is_valid():
            try:
                changed = permissions.update_matrix(
                    actor=request.user, changes=form.changes(), ip=audit.client_ip(request),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Permission matrix saved: %(n)d cells changed.")
                                 % {"n": changed})
                return redirect("matrix:editor")
        return _editor_page(request, form, status=400)
    return _editor_page(request, MatrixForm(current=current))


@requires("11")
@require_POST
def matrix_reset(request):
    changed = permissions.reset_matrix(actor=request.user, ip=audit.client_ip(request))
    messages.success(request, _("The spec's default matrix is restored: %(n)d cells changed.")
                     % {"n": changed})
    return redirect("matrix:editor")


# --- the access log (row 12) ---

PAGE_SIZE = 50
EXPORT_COLUMNS = (
    ("at", _("When")), ("kind", _("Kind")), ("actor_label", _("Who")), ("action", _("What")),
    ("object_type", _("Object type")), ("object_id", _("Object")),
    ("ip_address", _("From address")), ("details", _("Details")),
)


class AccessLogFilter(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any kind")), *AuditEvent.Kind.choices])
    action = forms.CharField(label=_("What (action)"), required=False, max_length=100)
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=60)
    date_from = DateField(label=_("From date"), required=False)
    date_to = DateField(label=_("To date"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["action"]:
            queryset = queryset.filter(action__icontains=data["action"])
        if data["actor"]:
            queryset = queryset.filter(actor_label__icontains=data["actor"])
        if data["object_type"]:
            queryset = queryset.filter(object_type__icontains=data["object_type"])
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            queryset = queryset.filter(at__gte=datetime.combine(data["date_from"], time.min, zone))
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, zone)
            queryset = queryset.filter(at__lt=end)
        return queryset


def filtered_events(request) -> tuple[AccessLogFilter, object]:
    form = AccessLogFilter(request.GET or None)
    queryset = AuditEvent.objects.order_by("-at", "-id")
    if form.is_bound:
        queryset = form.filter(queryset)
    return form, queryset


@requires("12")
def access_log(request):
    form, events = filtered_events(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/log/list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "kind_labels": dict(AuditEvent.Kind.choices),
    })


def _export_rows(events):
    zone = timezone.get_current_timezone()
    for event in events.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at, zone).strftime("%Y-%m-%d %H:%M:%S"),
            event.kind, event.actor_label, event.action, event.object_type, event.object_id,
            event.ip_address or "", audit_details(event.details),
        ]


def audit_details(details) -> str:
    import json

    return json.dumps(details, ensure_ascii=False, sort_keys=True) if details else ""


class _Echo:
    def write(self, value):
        return value


def _log_export(request, fmt: str) -> None:
    audit.sensitive_read(actor=request.user, action="access_log.exported",
                         ip=audit.client_ip(request), format=fmt, filters=request.GET.dict())


@requires("12")
def access_log_csv(request):
    _form, events = filtered_events(request)
    _log_export(request, "csv")
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so spreadsheet programs read the Thai text as UTF-8
        yield writer.writerow([str(label) for _name, label in EXPORT_COLUMNS])
        for row in _export_rows(events):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    return response


@requires("12")
def access_log_xlsx(request):
    _form, events = filtered_events(request)
    _log_export(request, "xlsx")
    return exports.xlsx_response(
        filename="access-log.xlsx", title="access log",
        headers=[label for _name, label in EXPORT_COLUMNS], rows=_export_rows(events),
    )
