"""The rubric admin validates a definition with the scoring engine and freezes used versions."""

import copy

from django.utils import translation

from phonlap.funds.models import Rubric
from phonlap.funds.rubrics import RUBRIC_A
from phonlap.review.admin import RubricForm
from tests.review.factories import in_review, screen


def form_for(definition, instance=None, **changes):
    data = {"code": "def-test", "version": 2, "name_th": "ทดสอบ", "name_en": "Test",
            "definition": definition, **changes}
    import json

    data["definition"] = json.dumps(definition)
    return RubricForm(data=data, instance=instance)


def test_a_valid_definition_is_accepted(db):
    assert form_for(copy.deepcopy(RUBRIC_A)).is_valid()


def test_a_broken_definition_is_refused_with_the_engine_s_reasons(db):
    broken = copy.deepcopy(RUBRIC_A)
    broken["items"][0]["points"]["4"] = "50"  # more than the item's maximum
    form = form_for(broken)
    assert not form.is_valid()
    assert form.errors["definition"]


def test_a_version_with_results_cannot_be_edited(db):
    proposal, _pm, _manager = in_review()
    screen(proposal)
    used = Rubric.objects.get(code="def-screening")
    form = form_for(used.definition, instance=used, code=used.code, version=used.version,
                    name_th="ชื่อใหม่", name_en=used.name_en)
    with translation.override("en"):
        assert not form.is_valid()
        assert "cannot be changed" in str(form.errors)
    used.refresh_from_db()
    assert used.name_th != "ชื่อใหม่"
