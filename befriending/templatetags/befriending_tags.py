from django import template
from django.utils.translation import gettext_lazy as _

from befriending.models import BefrienderStatus
from pace_site.accounts.roles import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def volunteer_access(context) -> dict:
    """What the volunteer's own pages offer them: the befriending menu only to an active
    befriender, the concern form only with a current or recently ended match."""
    from befriending.portal import can_raise_concern

    user = context["request"].user
    return {
        "is_active": user.has_role(Role.BEFRIENDER),
        "can_raise_concern": can_raise_concern(user),
    }


# What each vetting stage means for the applicant, in plain words (in the order of VETTING_ORDER).
APPLICATION_STEPS = [
    (
        BefrienderStatus.APPLIED,
        _("We have your application"),
        _("Thank you for applying. The coordinator reads every application."),
    ),
    (
        BefrienderStatus.INTERVIEWED,
        _("A friendly chat with the coordinator"),
        _("The coordinator rings you to get to know you and to answer your questions."),
    ),
    (
        BefrienderStatus.REFERENCES_RECEIVED,
        _("Two references"),
        _("We ask two people who know you, such as an employer or a teacher, for a reference."),
    ),
    (
        BefrienderStatus.DBS_CHECKED,
        _("A DBS check"),
        _("An enhanced DBS (criminal record) check. Pace pays for it and helps you with the form."),
    ),
    (
        BefrienderStatus.TRAINED,
        _("Training"),
        _("Our training on exploitation, safeguarding and boundaries, in a few short sessions."),
    ),
    (
        BefrienderStatus.ACTIVE,
        _("Ready to befriend"),
        _("The coordinator welcomes you as a befriender and looks for a parent to match you with."),
    ),
]


@register.simple_tag
def application_steps(befriender) -> list[dict]:
    """The applicant's steps, each done, current (the one they are waiting for) or to come."""
    order = [status for status, _title, _detail in APPLICATION_STEPS]
    reached = order.index(befriender.status) if befriender.status in order else -1
    return [
        {
            "title": title,
            "detail": detail,
            "done": index <= reached,
            "current": index == reached + 1,
        }
        for index, (_status, title, detail) in enumerate(APPLICATION_STEPS)
    ]
