"""The outcome questionnaires' audit codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "outcomes.invitation.sent": "Asked to answer a questionnaire",
        "outcomes.invitation.answered": "Questionnaire answered",
        "outcomes.invitation.put_off": "Questionnaire put off for another day",
        "outcomes.invitation.declined": "Questionnaire not answered",
        "outcomes.invitation.asked_again": "Asked again after Not today",
        "outcomes.invitation.call_asked": "Asked to talk to someone after a questionnaire",
        "outcomes.questionnaire.saved": "Questionnaire saved",
        "outcomes.moment.saved": "Questionnaire moment changed",
        "outcomes.follow_up.done": "Answer followed up",
        "outcomes.follow_up_list.viewed": "Answers to follow up listed",
        "outcomes.report.viewed": "Outcomes report opened",
        "outcomes.report.exported": "Outcomes report exported",
        "outcomes.saved_report.saved": "Report definition saved",
    }
)
