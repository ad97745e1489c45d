"""The outcomes report in the staff workspace: the page (filters, each section's tables with
their charts), its XLSX and PDF exports, and saving the choices as a definition to run again.
Each opening and each export is written to the audit trail with the filters chosen."""

from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pace_site.accounts.models import User
from pace_site.workspace import ServiceFormView

from ..models import SavedReport
from . import services
from .charts import chart_summary, chart_svg, worth_a_chart
from .exports import SUPPRESSION_RULE, report_pdf, report_xlsx
from .forms import ReportFiltersForm, SaveReportForm
from .outcome_figures import text_answers
from .periods import PeriodRule
from .registry import PROGRAMMES, Section, build_report
from .render import display_rows

EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _filter_words(form: ReportFiltersForm) -> list[tuple[str, str]]:
    data = form.cleaned_data
    field = cast(forms.TypedChoiceField, form.fields["activity_type"])
    activity = dict(field.choices).get(data.get("activity_type"))  # type: ignore[arg-type]
    return [
        ("Programme", PROGRAMMES.get(data.get("programme") or "", "Every programme")),
        ("Region", data.get("region") or "Everywhere"),
        ("Activity type", str(activity) if data.get("activity_type") else "Every activity type"),
    ]


def _period_words(form: ReportFiltersForm) -> str:
    data = form.cleaned_data
    days = " to ".join(
        formats.date_format(data[d], "DATE_FORMAT") for d in ("starts_on", "ends_on")
    )
    rule = data["period"]
    return days if rule == PeriodRule.FIXED else f"{PeriodRule(rule).label} ({days})"


def _shown(sections: list[Section], *, charts: bool) -> list[dict[str, Any]]:
    return [
        {
            "section": section,
            "tables": [
                {
                    "table": table,
                    "rows": display_rows(table),
                    "svg": chart_svg(table) if charts and worth_a_chart(table) else "",
                    "summary": chart_summary(table) if table.chart and table.rows else "",
                }
                for table in section.tables
            ],
        }
        for section in sections
    ]


class ReportView(TemplateView):
    """The report for the filters in the query (the last full quarter when there are none);
    `?export=xlsx` or `pdf` for the same report as a file."""

    template_name = "outcomes/reports/report.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export = request.GET.get("export", "")
        data = request.GET if request.GET.get("period") else {"period": PeriodRule.LAST_QUARTER}
        form = ReportFiltersForm(data)
        if export not in ("", *EXPORTS) or not form.is_valid():
            if export not in ("", *EXPORTS):
                form.add_error(None, _("That export is not offered: choose XLSX or PDF."))
            return self.render_to_response(self.page_context(form), status=400)
        filters = form.report_filters()
        sections = build_report(filters, keys=form.cleaned_data["sections"])
        include_text = bool(export) and request.GET.get("include_text") == "yes"
        services.record_report(cast(User, request.user), data=form.audit_data(), export=export)
        context = self.page_context(form, sections=sections, charts=export != "xlsx")
        context["text_answers"] = text_answers(filters) if include_text else []
        if export == "xlsx":
            return self.file(report_xlsx(sections, context), "xlsx", form)
        if export == "pdf":
            return self.file(report_pdf(context), "pdf", form)
        return self.render_to_response(context)

    def page_context(
        self, form: ReportFiltersForm, *, sections: list[Section] | None = None, charts=True
    ) -> dict[str, Any]:
        context = self.get_context_data(form=form)
        context.update(
            {
                "header_title": _("Outcomes report"),
                "sections": _shown(sections or [], charts=charts),
                "has_report": sections is not None,
                "suppression_rule": SUPPRESSION_RULE,
                "text_answers": [],
                "generated_at": timezone.localtime(),
            }
        )
        if sections is not None:
            context["period_words"] = _period_words(form)
            context["filter_words"] = _filter_words(form)
            query = self.request.GET.copy()
            query.pop("export", None)
            query.pop("include_text", None)
            context["query"] = query.urlencode()
        return context

    def file(self, content: bytes, kind: str, form: ReportFiltersForm) -> HttpResponse:
        data = form.cleaned_data
        name = f"outcomes-{data['starts_on']:%Y-%m-%d}-to-{data['ends_on']:%Y-%m-%d}.{kind}"
        response = HttpResponse(content, content_type=EXPORTS[kind])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class SaveReportView(ServiceFormView):
    """Save the report's choices under a name (a funder's quarterly figures)."""

    template_name = "outcomes/reports/save.html"
    form_class = SaveReportForm
    page_title = _("Save this report to run again")
    intro = _(
        "The choices are saved, not the figures: each time it runs, the period is worked out "
        "again (the last full quarter is always the one just ended)."
    )
    submit_label = _("Save the report")
    success_message = _("Saved. It is in the list below: choose its name to run it.")
    header_icon = "doc-full"

    def get_initial(self) -> dict:
        """The report page's choices (from its query), when they make sense."""
        choices = ReportFiltersForm(self.request.GET if self.request.GET.get("period") else None)
        if not choices.is_valid():
            return {"period": PeriodRule.LAST_QUARTER}
        return {k: v for k, v in choices.cleaned_data.items() if v not in (None, "", [])}

    def act(self, **data: Any) -> SavedReport:
        return services.save_report_definition(
            data.pop("name"),
            choices=data,
            sections=data.get("sections") or [],
            by=cast(User, self.request.user),
        )

    def get_success_url(self) -> str:
        return reverse("outcomes_reports:index")

    def get_cancel_url(self) -> str:
        return reverse("outcomes_reports:run")


def run_saved_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved definition, run now: the report page with its choices."""
    saved = get_object_or_404(SavedReport, pk=pk)
    return redirect(f"{reverse('outcomes_reports:run')}?{saved.query()}")
