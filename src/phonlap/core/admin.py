"""Django admin for the ground floor: extra holidays (editable) and the access log (read-only)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .forms import ThaiDateField
from .models import AuditEvent, ExtraHoliday
from .templatetags.thai import thaidate_long, thaidatetime
from .widgets import ThaiDateInput


@admin.register(ExtraHoliday)
class ExtraHolidayAdmin(admin.ModelAdmin):
    list_display = ("shown_day", "name")
    search_fields = ("name",)
    date_hierarchy = "day"
    ordering = ("-day",)
    # B.E. input in Thai, like every other date box (the admin's calendar widget is C.E. only).
    formfield_overrides = {models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateInput}}

    @admin.display(description=_("date"), ordering="day")
    def shown_day(self, obj):
        return thaidate_long(obj.day)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The access log is append-only for everyone, super users included: view, never edit."""

    list_display = ("shown_at", "kind", "actor_label", "action", "object_type", "object_id", "ip_address")
    list_filter = ("kind",)
    search_fields = ("actor_label", "action", "object_type", "object_id", "ip_address")
    date_hierarchy = "at"
    show_full_result_count = False  # the log grows without bound; skip the second COUNT(*)

    @admin.display(description=_("when"), ordering="at")
    def shown_at(self, obj):
        return thaidatetime(obj.at)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
