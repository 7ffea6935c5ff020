"""Admin for the review's data: rubric versions (validated by the scoring engine) and the funds'
pipelines. Recorded results are read-only here: a result changes only through the domain."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from phonlap.funds.models import ReviewStage, Rubric

from . import scoring
from .models import EvaluationSession, StageResult


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["code", "version", "name_th", "name_en", "definition"]

    def clean_definition(self):
        definition = self.cleaned_data["definition"]
        try:
            problems = scoring.validate_definition(definition)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            problems = [str(error)]
        if problems:
            raise forms.ValidationError([str(p) for p in problems])
        return definition

    def clean(self):
        data = super().clean()
        # A version already used by a result is frozen: its scores must stay reproducible.
        if self.instance.pk and self.instance.results.exists() and self.has_changed():
            raise forms.ValidationError(_("This rubric version has recorded results and cannot "
                                          "be changed; add a new version instead."))
        return data


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    form = RubricForm
    list_display = ["code", "version", "name_th", "created_at"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(ReviewStage)
class ReviewStageAdmin(admin.ModelAdmin):
    list_display = ["fund", "order", "code", "name_th", "decided_by", "form", "rubric", "on_fail",
                    "is_active"]
    list_filter = ["fund", "form", "is_active"]
    list_select_related = ["fund", "rubric"]


@admin.register(EvaluationSession)
class EvaluationSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "starts_at", "status"]
    list_filter = ["status", "stage__fund"]
    list_select_related = ["stage", "stage__fund"]

    def has_add_permission(self, request):
        return False  # sessions are created on the staff pages (domain checks and audit)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageResult)
class StageResultAdmin(admin.ModelAdmin):
    list_display = ["proposal", "stage_name_th", "status", "outcome", "total", "submitted_at"]
    list_filter = ["status", "outcome"]
    list_select_related = ["proposal"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
