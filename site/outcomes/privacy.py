"""Personal data held by the outcome questionnaires (see pace_site/privacy/registry.py)."""

from pace_site.privacy.registry import (
    Category,
    Erase,
    PersonalData,
    Retention,
    declare,
    not_personal,
)

declare(
    PersonalData(
        "outcomes.Invitation",
        heading="Questionnaires you were asked to answer",
        subject=("person",),
        category=Category.PERSONAL,
        fields=("questionnaire", "moment", "sent_at", "status", "answered_at", "put_off_at"),
        # The person goes; the row stays so that response rates still add up.
        erase=Erase.ANONYMISE,
        anonymise={"person": None},
    ),
    PersonalData(
        "outcomes.Answer",
        heading="Your answers to questionnaires",
        subject=("invitation__person",),
        category=Category.SPECIAL,
        fields=("question", "value", "text", "answered_at"),
        # The numbers stay, no longer linked to anyone, so totals still add up; the words go.
        erase=Erase.ANONYMISE,
        anonymise={"text": ""},
        retention=Retention(
            months=24,
            after="answered_at",
            note="Written answers to questionnaires: 2 years after they were given "
            "(the scores stay, for the reports).",
            then=Erase.ANONYMISE,
        ),
    ),
    PersonalData(
        "outcomes.FollowUp",
        heading="Times we offered you a call after your answers",
        subject=("person",),
        category=Category.SPECIAL,
        fields=("reason", "raised_at", "done_at"),
        erase=Erase.DELETE,
        retention=Retention(
            months=24, after="raised_at", note="Calls offered after answers: 2 years."
        ),
    ),
)
not_personal("outcomes.Questionnaire", "The questions themselves, written by staff.")
not_personal("outcomes.Question", "The questions themselves, written by staff.")
not_personal("outcomes.Moment", "Which questionnaire is asked when, set by staff.")
not_personal("outcomes.OutcomeSettings", "How many questions a quarter, and the words to watch.")
not_personal(
    "outcomes.SavedReport",
    "A report's name and choices (period, programme, region, activity type, sections): figures "
    "are worked out when it is run, and no person is named in it.",
    actors=("created_by",),
)
