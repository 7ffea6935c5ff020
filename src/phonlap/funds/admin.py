from django.contrib import admin

from .models import Call, Fund


class CallInline(admin.TabularInline):
    model = Call
    extra = 0
    fields = ["name_th", "name_en", "opens_on", "closes_on"]


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "budget_ceiling", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_th", "name_en", "short_name_th", "short_name_en"]
    inlines = [CallInline]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["name_th", "fund", "opens_on", "closes_on"]
    list_filter = ["fund"]
    search_fields = ["name_th", "name_en"]
    date_hierarchy = "opens_on"
    list_select_related = ["fund"]
