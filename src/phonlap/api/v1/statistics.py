"""Application statistics (spec 03 "Statistics", matrix row 10), read-only.

The same aggregates as the public statistics page, from the portal's ``statistics`` module
(aggregated in SQL, cached for a few minutes per filter set and language): counts by status,
stage, fund, call, fiscal year, province and target group; requested against approved budget;
the median days from entering a stage to its result. Filtered by fund and fiscal year, like
the public page. Row 10 holds "public" for unregistered visitors, so no credentials are needed
(anonymous callers share the anonymous rate limit); a matrix without that cell answers 401."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from phonlap.accounts.access import has_row
from phonlap.funds.models import Fund
from phonlap.portal import statistics as stats

from .. import fields as api_fields
from ..base import ApiView, MatrixGate, rows_for


class PublicRowGate(MatrixGate):
    """The matrix gate, except that an anonymous caller is let in when the view's row grants
    unregistered visitors a scope (row 10: "public"); otherwise 401 as usual."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return any(has_row(request.user, row) for row in rows_for(view))
        return super().has_permission(request, view)


class StatisticsFilters(serializers.Serializer):
    fund = api_fields.SlugRelatedField(
        slug_field="code", queryset=Fund.objects.all(), required=False,
        help_text=_("The fund's code, e.g. disability-education."))
    fiscal_year = serializers.IntegerField(
        required=False, min_value=2400, max_value=2800,
        help_text=_("Thai fiscal year (B.E., 1 October – 30 September), e.g. 2568: proposals "
                    "first submitted in it."))


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": True,
                      "description": "The row's code: a status, a stage code, a fund or call id, "
                                     "a fiscal year, a province code or a target-group code "
                                     "(\"none\" or null: not recorded)."})
class KeyField(serializers.JSONField):
    pass


class RowSerializer(serializers.Serializer):
    key = KeyField()
    label = serializers.CharField(allow_blank=True, help_text=_("In the caller's language."))
    n = serializers.IntegerField(help_text=_("Proposals received (submitted at least once)."))
    in_review = serializers.IntegerField()
    approved = serializers.IntegerField()
    requested = serializers.DecimalField(max_digits=16, decimal_places=2,
                                         help_text=_("Requested budget, baht (latest revision)."))
    requested_approved = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("Requested budget of the approved ones."))
    approved_amount = serializers.DecimalField(max_digits=16, decimal_places=2,
                                               help_text=_("Approved amount, baht."))


class FundRowSerializer(RowSerializer):
    short = serializers.CharField(allow_blank=True, required=False)


class ByFundRowSerializer(RowSerializer):
    fund = serializers.CharField(allow_blank=True, help_text=_("The fund's short name."))
    fund_id = serializers.IntegerField()


class YearRowSerializer(RowSerializer):
    period = serializers.CharField(allow_blank=True)


class MedianSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Stage code."))
    label = serializers.CharField(allow_blank=True)
    results = serializers.IntegerField(help_text=_("Submitted results counted."))
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class AppliedFiltersSerializer(serializers.Serializer):
    fund = serializers.CharField(allow_null=True)
    fiscal_year = serializers.IntegerField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    filters = AppliedFiltersSerializer()
    computed_at = serializers.DateTimeField(help_text=_("Figures are cached for a few minutes."))
    totals = RowSerializer()
    by_status = RowSerializer(many=True)
    by_stage = RowSerializer(many=True)
    by_fund = FundRowSerializer(many=True)
    by_call = ByFundRowSerializer(many=True)
    by_fiscal_year = YearRowSerializer(many=True)
    by_province = RowSerializer(many=True)
    by_target_group = ByFundRowSerializer(many=True)
    median_days = MedianSerializer(many=True)


class StatisticsView(ApiView):
    """Application statistics (row 10: everyone, signed in or not)."""

    matrix_rows = ("10",)
    permission_classes = [PublicRowGate]

    @extend_schema(
        summary="Application statistics (public)",
        description="Proposals received, in review, approved and returned, by status, stage, "
                    "fund, call, fiscal year, province and target group; requested against "
                    "approved budget; median days in each stage. No sign-in needed.",
        parameters=[
            OpenApiParameter("fund", OpenApiTypes.STR, description="Fund code"),
            OpenApiParameter("fiscal_year", OpenApiTypes.INT,
                             description="Thai fiscal year, B.E. (e.g. 2568)"),
        ],
        responses={200: StatisticsSerializer},
    )
    def get(self, request):
        params = StatisticsFilters(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        fund = values.get("fund")
        filters = stats.Filters(fund=fund.pk if fund else None, fiscal_year=values.get("fiscal_year"))
        data = dict(stats.statistics(filters))
        data["filters"] = {"fund": fund.code if fund else None,
                           "fiscal_year": values.get("fiscal_year")}
        return Response(StatisticsSerializer(data).data)
