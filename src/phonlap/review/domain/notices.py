"""The review's notifications (in-app and e-mail, after commit, in each reader's language).
Subjects and bodies are message ids (marked with ``gettext_noop``) translated when shown."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from phonlap.core.notifications import notify
from phonlap.proposals.domain import manager_users
from phonlap.review.enums import Outcome


def applicants(proposal) -> list:
    """The project manager and the organisation's managers."""
    return [proposal.created_by, *manager_users(proposal.organisation)]


def _review_url(proposal) -> str:
    """The proposal's review page: its results, scores and advice."""
    return reverse("review:proposal_review", kwargs={"pk": proposal.pk})


# The shipped stages' English names, so the catalogue translates them when a notification naming
# a stage is read (a stage a fund adds later is shown by its English name, or Thai if it has none).
SHIPPED_STAGE_NAMES = (
    gettext_noop("Screening and document check"), gettext_noop("Working group"),
    gettext_noop("Subcommittee"), gettext_noop("Board"), gettext_noop("Project review subcommittee"),
    gettext_noop("Fund board"),
)


def _translatable(text: str):
    from django.utils.functional import lazy

    return lazy(lambda: text, str)()


def result_recorded(*, proposal, result) -> None:
    notify(
        users=applicants(proposal), kind="result.recorded",
        subject=gettext_noop("Proposal %(number)s: result of %(stage)s"),
        body=gettext_noop("The result of the stage “%(stage)s” for your proposal %(number)s "
                          "“%(name)s” (revision %(revision)s) was recorded: %(outcome)s."),
        url=_review_url(proposal),
        number=proposal.number, name=proposal.name,
        stage=_translatable(result.stage_name_en or result.stage_name_th),
        revision=str(result.revision.number), outcome=Outcome(result.outcome).label,
    )
