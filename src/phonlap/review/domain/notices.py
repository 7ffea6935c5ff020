"""The review's notifications (in-app and e-mail, after commit, in each reader's language).
Subjects and bodies are message ids (marked with ``gettext_noop``) translated when shown."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from phonlap.core.notifications import notify
from phonlap.organisations.enums import MembershipStatus
from phonlap.organisations.models import Membership


def applicants(proposal) -> list:
    """The project manager and the organisation's managers."""
    managers = [m.user for m in Membership.objects.filter(
        organisation_id=proposal.organisation_id, status=MembershipStatus.APPROVED,
        is_manager=True, user__deleted_at__isnull=True).select_related("user")]
    return [proposal.created_by, *managers]


def _proposal_url(proposal) -> str:
    return reverse("proposals:detail", kwargs={"pk": proposal.pk})


def result_recorded(*, proposal, result) -> None:
    notify(
        users=applicants(proposal), kind="result.recorded",
        subject=gettext_noop("Proposal %(number)s: result of %(stage)s"),
        body=gettext_noop("The result of the stage “%(stage)s” for your proposal %(number)s "
                          "“%(name)s” (revision %(revision)s) was recorded: %(outcome)s."),
        url=_proposal_url(proposal),
        number=proposal.number, name=proposal.name, stage=result.stage_name_th,
        stage_en=result.stage_name_en, revision=str(result.revision.number),
        outcome=result.outcome,
    )
