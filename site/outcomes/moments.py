"""The moments at which a questionnaire may be asked.

The platform knows no app: an app registers its moments in its AppConfig.ready(),

    register_moment("participation.after_debrief", "After a debrief of an activity",
                    may_ask=is_active_parent, questionnaire="after-taking-part")

and calls `services.invite(person, moment=..., about=...)` when the moment comes. Staff switch
each moment on or off and choose its questionnaire (the `Moment` rows, made here after every
migrate; `questionnaire` is the slug of the one chosen at first). `may_ask(person)` says whether
the person may be asked at all (never a paused parent).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

MayAsk = Callable[[object], bool]


@dataclass(frozen=True)
class RegisteredMoment:
    key: str
    label: str
    may_ask: MayAsk | None = field(default=None, compare=False)
    questionnaire: str = ""
    is_on: bool = False
    followed_up_by: str = "Participation manager"


_moments: dict[str, RegisteredMoment] = {}


def register_moment(
    key: str,
    label: str,
    *,
    may_ask: MayAsk | None = None,
    questionnaire: str = "",
    is_on: bool = False,
    followed_up_by: str = "Participation manager",
) -> None:
    """A moment starts switched off (unless `is_on`): nobody is asked anything until staff switch
    it on under Questionnaires › When we ask. An answer that may need a call, or a request to
    talk, goes to `followed_up_by` (a role: the staff who support the person asked)."""
    _moments[key] = RegisteredMoment(key, label, may_ask, questionnaire, is_on, followed_up_by)


def registered(key: str) -> RegisteredMoment | None:
    return _moments.get(key)


def all_moments() -> list[RegisteredMoment]:
    return list(_moments.values())


def sync_moments(sender=None, **kwargs) -> None:
    """Make a row for each registered moment that has none (staff choices are never undone).
    Runs after migrate, and again after a database flush (which empties the table)."""
    if sender is not None and getattr(sender, "label", "") != "outcomes":
        return
    from .models import Moment, Questionnaire

    for moment in _moments.values():
        if Moment.objects.filter(key=moment.key).exists():
            continue
        questionnaire = Questionnaire.objects.filter(slug=moment.questionnaire).first()
        Moment.objects.create(
            key=moment.key,
            label=moment.label,
            is_on=moment.is_on and questionnaire is not None,
            questionnaire=questionnaire,
        )
