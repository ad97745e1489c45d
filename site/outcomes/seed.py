"""The questionnaires Pace starts with (used by the data migration; safe to run again).

- Pace's own statements, from its 2022 evaluation, on the five-point agree scale, each tagged
  with the outcome it measures.
- The ONS4 personal wellbeing questions (Office for National Statistics; Open Government
  Licence v3.0): four 0–10 scales, each reported on its own and never added together.
- The three-item loneliness scale (Hughes et al. 2004, "A short scale for measuring loneliness
  in large surveys", as used by the ONS; free to use) and the ONS direct loneliness question
  (Open Government Licence v3.0).

Not seeded: the Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS), whose licence needs
each organisation to register before use; Pace may add it in the admin once registered.
"""

from typing import Any

ONS = "Office for National Statistics, Open Government Licence v3.0"
UCLA3 = "Hughes et al. 2004, three-item loneliness scale as used by the ONS; free to use"
EVALUATION = "Pace evaluation 2022"

PACE_STATEMENTS = [
    ("I feel less isolated", "agree5", "less_isolated"),
    ("I feel more confident to respond to my child's trauma", "agree5", "more_confident"),
    ("I understand more about how children are exploited", "agree5", "understanding"),
    ("The safeguarding of my child has improved", "agree5", "safeguarding"),
]
ONS4 = [
    ("Overall, how satisfied are you with your life nowadays?", "low"),
    ("Overall, to what extent do you feel the things you do in your life are worthwhile?", ""),
    ("Overall, how happy did you feel yesterday?", "low"),
    ("Overall, how anxious did you feel yesterday?", "high"),
]
LONELINESS = [
    ("How often do you feel that you lack companionship?", "lonely3", UCLA3, "UCLA 3-item"),
    ("How often do you feel left out?", "lonely3", UCLA3, "UCLA 3-item"),
    ("How often do you feel isolated from others?", "lonely3", UCLA3, "UCLA 3-item"),
    ("How often do you feel lonely?", "often5", ONS, "ONS direct loneliness"),
]


def questionnaires() -> list[dict[str, Any]]:
    after_taking_part: list[dict[str, Any]] = [
        {
            "wording": "Taking part made me feel less isolated",
            "kind": "agree5",
            "outcome": "less_isolated",
            "instrument": EVALUATION,
        },
        {
            "wording": "I felt heard",
            "kind": "agree5",
            "outcome": "felt_heard",
            "instrument": EVALUATION,
        },
        {
            "wording": "I feel more confident",
            "kind": "agree5",
            "outcome": "more_confident",
            "instrument": EVALUATION,
        },
        {
            "wording": "I was happy with how Pace supported me to take part",
            "kind": "agree5",
            "outcome": "",
            "instrument": EVALUATION,
        },
        {
            "wording": "Is there anything else you would like to tell us? (optional)",
            "kind": "text",
            "outcome": "",
            "instrument": "",
        },
    ]
    how_things_are: list[dict[str, Any]] = [
        {"wording": w, "kind": k, "outcome": o, "instrument": EVALUATION}
        for w, k, o in PACE_STATEMENTS
    ]
    how_things_are += [
        {
            "wording": w,
            "kind": "scale10",
            "distress": d,
            "instrument": "ONS4 personal wellbeing",
            "source": ONS,
            "report_separately": True,
        }
        for w, d in ONS4
    ]
    how_things_are += [
        {
            "wording": w,
            "kind": k,
            "distress": "often",
            "instrument": i,
            "source": s,
            "outcome": "less_isolated" if k == "often5" else "",
        }
        for w, k, s, i in LONELINESS
    ]
    return [
        *_later_questionnaires(),
        {
            "slug": "after-taking-part",
            "title": "How did it go?",
            "purpose": (
                "A few quick questions about the activity you took part in. Your answers help "
                "us make taking part better for every parent, and show funders what difference "
                "it makes. Only the Pace team reads them."
            ),
            "minutes": 1,
            "questions": after_taking_part,
        },
        {
            "slug": "how-things-are",
            "title": "How things are for you",
            "purpose": (
                "We ask every six months, so that we can see what changes for parents over "
                "time and what Pace should do more of. Only the Pace team reads your answers, "
                "and reports never name anyone."
            ),
            "minutes": 3,
            "questions": how_things_are,
        },
    ]


def _agree(wording: str, outcome: str = "") -> dict[str, Any]:
    return {"wording": wording, "kind": "agree5", "outcome": outcome, "instrument": EVALUATION}


ANYTHING_ELSE = {
    "wording": "Is there anything else you would like to tell us? (optional)",
    "kind": "text",
    "outcome": "",
    "instrument": "",
}


def _later_questionnaires() -> list[dict[str, Any]]:
    """After an event, and for befriending (the parent and the volunteer), added in 0004."""
    return [
        {
            "slug": "after-the-event",
            "title": "How was the day?",
            "purpose": (
                "Three quick questions about the event you came to. Your answers help us plan "
                "the next one and show funders what these days mean to parents. Only the Pace "
                "team reads them."
            ),
            "minutes": 1,
            "questions": [
                _agree("Coming to the event made me feel less isolated", "less_isolated"),
                _agree("I felt heard", "felt_heard"),
                _agree("I feel more confident after the day", "more_confident"),
                dict(ANYTHING_ELSE),
            ],
        },
        {
            "slug": "befriending-parent",
            "title": "How your befriending is going",
            "purpose": (
                "A few quick questions about the time with your befriender. Your answers help "
                "us support you and your befriender well. Only the Pace team reads them, and "
                "your befriender never sees them."
            ),
            "minutes": 1,
            "questions": [
                _agree("Having a befriender makes me feel less isolated", "less_isolated"),
                _agree("My befriender listens to me", "felt_heard"),
                _agree("I feel more able to cope with what is happening", "more_confident"),
                dict(ANYTHING_ELSE),
            ],
        },
        {
            "slug": "befriending-volunteer",
            "title": "How befriending is going for you",
            "purpose": (
                "A few quick questions about your time as a befriender. Your answers help us "
                "support our volunteers and improve befriending. Only the Pace team reads "
                "them, and the parent never sees them."
            ),
            "minutes": 1,
            "questions": [
                _agree("I feel well supported by Pace as a befriender"),
                _agree("I feel confident in my role"),
                _agree("I think the befriending has helped the parent"),
                dict(ANYTHING_ELSE),
            ],
        },
    ]


def seed(Questionnaire, Question) -> int:
    """Make the starting questionnaires that do not exist yet; the number made."""
    made = 0
    for spec in questionnaires():
        questions = spec.pop("questions")
        questionnaire, created = Questionnaire.objects.get_or_create(
            slug=spec["slug"], defaults=spec
        )
        if not created:
            continue
        made += 1
        for order, q in enumerate(questions):
            Question.objects.create(questionnaire=questionnaire, sort_order=order, **q)
    return made
