"""The list's search is served by trigram indexes on PostgreSQL (migration 0002)."""

import pytest
from django.db import connection

from phonlap.proposals.models import Proposal

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def test_trigram_indexes_exist_and_serve_icontains():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s",
                       [Proposal._meta.db_table])
        names = {row[0] for row in cursor.fetchall()}
        assert {"proposal_name_trgm", "proposal_number_trgm"} <= names
        cursor.execute("SET LOCAL enable_seqscan = off")
        for field in ("name", "number"):
            queryset = Proposal.objects.filter(**{f"{field}__icontains": "อักษรเบรลล์"}).only("pk")
            plan = queryset.explain()
            assert f"proposal_{field}_trgm" in plan, plan
