"""Committee members see the proposals on the agenda of the sessions they sit on (matrix rows
2.2 and 9, scope "own sessions"), in the list and on the proposal's page, and nothing else."""

import pytest
from django.urls import reverse

from phonlap.proposals.queries import get_proposal_for_user, proposals_for_user
from tests.factories import CommitteeFactory, signed_in
from tests.review.factories import advance_to, in_review, make_session

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_proposals_of_their_sessions_only(client):
    seated, outsider = CommitteeFactory(), CommitteeFactory()
    on_agenda, _pm, _m = in_review()
    elsewhere, _pm2, _m2 = in_review()
    advance_to(on_agenda, "working_group")
    advance_to(elsewhere, "working_group")
    make_session(on_agenda.current_stage, proposals=[on_agenda], members=[seated])

    assert list(proposals_for_user(seated)) == [on_agenda]
    assert list(proposals_for_user(outsider)) == []
    assert get_proposal_for_user(seated, on_agenda.pk) == on_agenda

    body = signed_in(client, seated).get(reverse("proposals:list")).content.decode()
    assert on_agenda.number in body and elsewhere.number not in body
    assert client.get(reverse("proposals:detail", kwargs={"pk": on_agenda.pk})).status_code == 200
    assert client.get(reverse("proposals:detail", kwargs={"pk": elsewhere.pk})).status_code == 404


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_chair_and_secretary_see_them_too(role):
    person = CommitteeFactory()
    proposal, _pm, _m = in_review()
    advance_to(proposal, "working_group")
    make_session(proposal.current_stage, proposals=[proposal], **{role: person})
    assert list(proposals_for_user(person)) == [proposal]


def test_the_proposal_page_links_to_its_review_once_submitted(client):
    from tests.proposals.factories import draft

    proposal, pm, _manager = in_review()
    url = reverse("review:proposal_review", kwargs={"pk": proposal.pk})
    body = signed_in(client, pm).get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content.decode()
    assert f'href="{url}"' in body
    first_draft = draft(pm=pm, organisation=proposal.organisation)
    body = client.get(reverse("proposals:detail", kwargs={"pk": first_draft.pk})).content.decode()
    assert "Review results and advice" not in body
