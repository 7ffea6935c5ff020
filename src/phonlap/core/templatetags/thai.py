"""Template filters for Thai display: ``{{ day|thaidate }}``, ``{{ amount|baht }}``.

Loaded as a builtin (settings.TEMPLATES), so templates need no ``{% load %}``."""

from django import template
from django.utils import timezone, translation

from phonlap.core import money, thaidate

register = template.Library()


@register.filter
def thaidate_short(value):
    """``21 พ.ย. 2569`` in Thai, ``21 Nov 2026`` in English."""
    if value is None or value == "":
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return thaidate.format_date(value, translation.get_language() or "th")


@register.filter
def thaidate_long(value):
    if not value:
        return ""
    return thaidate.format_date(value, translation.get_language() or "th", long=True)


@register.filter
def thaidatetime(value):
    if not value:
        return ""
    return thaidate.format_datetime(timezone.localtime(value), translation.get_language() or "th")


@register.filter
def baht(value):
    if value is None or value == "":
        return ""
    return money.format_baht(value)


@register.filter
def baht_words(value):
    return money.baht_text(value) if value not in (None, "") else ""
