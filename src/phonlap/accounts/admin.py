"""Admin for policy versions (publishing a new version asks every user again), and read-only
views of consents and profiles. The national ID is shown masked; the card image is read only
through the logged view (``accounts:profile_id_card``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Consent, PolicyVersion, Profile


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("kind", "version", "published_at")
    list_filter = ("kind",)
    ordering = ("kind", "-published_at")

    def has_delete_permission(self, request, obj=None):
        # A version someone accepted is evidence of their consent (PDPA): keep it.
        return obj is None or not obj.consents.exists()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.consents.exists():
            return ("kind", "version", "body_th", "body_en", "published_at")
        return ()


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "policy_version", "accepted_at", "ip_address")
    list_filter = ("policy_version__kind", "policy_version__version")
    search_fields = ("user__email",)
    list_select_related = ("user", "policy_version")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "position", "work_group", "masked_id", "completed_at")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    fields = ("user", "position", "work_group", "masked_id", "completed_at")
    readonly_fields = ("user", "masked_id", "completed_at")

    @admin.display(description=_("national ID number"))
    def masked_id(self, obj):
        return obj.national_id_masked

    def has_add_permission(self, request):
        return False
