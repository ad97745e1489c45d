"""The staff form for a questionnaire: a question that has answers keeps its meaning."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class QuestionnaireForm(WagtailAdminModelForm):
    """Refuse removing a question people have answered, or changing how it is answered: the
    answers would lose their meaning in the reports. (Reword it, or stop using the
    questionnaire and make a new one.)"""

    def is_valid(self) -> bool:
        # The questions' formset is checked after the questionnaire's own fields (ClusterForm).
        if not super().is_valid():
            return False
        problem = self._answered_question_changed()
        if problem:
            self.add_error(None, problem)
            return False
        return True

    def _answered_question_changed(self) -> str:
        from .models import Answer

        formset = self.formsets.get("questions")
        if formset is None:
            return ""
        changed = {}
        for form in formset.initial_forms:
            question = form.instance
            if question.pk is None:
                continue
            deleting = formset.can_delete and formset._should_delete_form(form)
            if deleting or "kind" in form.changed_data:
                changed[question.pk] = deleting
        answered = set(
            Answer.objects.filter(question_id__in=changed).values_list("question_id", flat=True)
        )
        if not answered:
            return ""
        return _(
            "A question people have answered cannot be removed, nor how it is answered "
            "changed: their answers would lose their meaning. You can reword it, or stop "
            "using this questionnaire and make a new one."
        )
