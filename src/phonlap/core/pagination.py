"""Pagination that stays fast deep into long lists.

A page of a queryset with joins (``select_related``) makes the database join every row it skips
before the offset: page 2,000 of 100,000 proposals joined 50,000 rows to show 25. The
:class:`DeferredJoinPaginator` pages over the main table's keys alone, in the same order, and
joins only the rows of the page — one query still, the page's keys as a subquery."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def page_of(paginator: Paginator, raw) -> Page:
    """Any ``?page=`` gives a page: garbage or below 1 → the first, beyond the end → the last."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        number = 1
    return paginator.page(max(1, min(number, paginator.num_pages)))
