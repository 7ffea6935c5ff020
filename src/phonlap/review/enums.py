"""States of the review (spec 03): results, sessions and the badge a user sees per stage."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    """A result saved by staff is a draft (editable, invisible to the applicant) until it is
    submitted; a submitted result is final."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


ALLOWED_RESULT_TRANSITIONS: dict[str, set[str]] = {
    ResultStatus.DRAFT: {ResultStatus.SUBMITTED},
    ResultStatus.SUBMITTED: set(),
}


class Outcome(models.TextChoices):
    """The decision a result records. Screening: passed / not passed / documents incomplete;
    meetings: passed / not passed / not considered; the board: approved / rejected."""

    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    NOT_PASSED_DOCUMENTS = "not_passed_documents", _("Not passed: documents incomplete")
    NOT_CONSIDERED = "not_considered", _("Not considered")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Which outcomes each kind of stage form may record.
OUTCOMES_BY_FORM: dict[str, tuple[str, ...]] = {
    "screening": (Outcome.PASSED, Outcome.NOT_PASSED, Outcome.NOT_PASSED_DOCUMENTS),
    "rubric": (Outcome.PASSED, Outcome.NOT_PASSED, Outcome.NOT_CONSIDERED),
    "approval": (Outcome.APPROVED, Outcome.REJECTED, Outcome.NOT_CONSIDERED),
}
MOVING_ON = (Outcome.PASSED, Outcome.APPROVED)


class Badge(models.TextChoices):
    """What the proposal list shows for one stage (spec 03 "Status a user sees")."""

    AWAITING = "awaiting", _("Awaiting")
    AWAITING_AGENDA = "awaiting_agenda", _("Awaiting agenda")
    AWAITING_MEETING = "awaiting_meeting", _("Awaiting meeting")
    AWAITING_RESULT = "awaiting_result", _("Awaiting result")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    NOT_PASSED_DOCUMENTS = "not_passed_documents", _("Not passed: documents incomplete")
    NOT_CONSIDERED = "not_considered", _("Not considered")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SessionRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class SessionStatus(models.TextChoices):
    """A session is planned until staff close it after the meeting (every agenda item decided
    or removed); a closed session prints its resolutions."""

    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")


ALLOWED_SESSION_TRANSITIONS: dict[str, set[str]] = {
    SessionStatus.PLANNED: {SessionStatus.CLOSED},
    SessionStatus.CLOSED: set(),
}
