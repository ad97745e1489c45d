"""The parent's questionnaire form: one field per question, every one optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pace_site.forms import text_field
from pace_site.submissions.forms import OnceOnlyFormMixin

from .models import Kind, Questionnaire
from .services import TEXT_MAX

NOT_ONE_OF_THEM = _("Please choose one of the answers given, or “Skip this”.")


# "Skip this" has a value of its own, so that no button is chosen before the person chooses.
SKIP = "skip"


def _number_or_skip(value: str) -> int | None:
    return None if value == SKIP else int(value)


def field_name(question) -> str:
    return f"q{question.pk}"


class QuestionnaireForm(OnceOnlyFormMixin, forms.Form):
    def __init__(self, *args, questionnaire: Questionnaire, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions if questions is not None else questionnaire.questions.all())
        for question in self.questions:
            self.fields[field_name(question)] = self._field(question)

    @staticmethod
    def _field(question) -> forms.Field:
        if question.kind == Kind.TEXT:
            return text_field(question.wording, max_length=TEXT_MAX, rows=3)
        # "Skip this" is an answer of its own: a radio button once chosen cannot be unchosen.
        return forms.TypedChoiceField(
            label=question.wording,
            help_text=_("0 means not at all, 10 means completely.")
            if question.kind == Kind.SCALE10
            else "",
            choices=[*((str(v), w) for v, w in question.choices), (SKIP, _("Skip this"))],
            coerce=_number_or_skip,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": NOT_ONE_OF_THEM},
        )

    def bound_questions(self):
        return [(question, self[field_name(question)]) for question in self.questions]

    @property
    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}


class PutOffForm(OnceOnlyFormMixin, forms.Form):
    pass
