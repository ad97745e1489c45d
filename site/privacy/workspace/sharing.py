"""The information-sharing log in the staff workspace:

/admin/privacy/sharing/                     privacy_sharing (listing, to review first)
/admin/privacy/sharing/inspect/<pk>/        one sharing, the person's questions about it
/admin/privacy/sharing/new/<person>/        record sharing about a person (from their record)
/admin/privacy/sharing/<pk>/review/         a manager reviews sharing without consent
"""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from pace_site.accounts.roles import Role
from pace_site.forms import choice_field, date_field, not_in_future, plain_text, text_field
from pace_site.submissions.forms import OnceOnlyFormMixin
from pace_site.workspace import (
    RecordView,
    ServiceActionView,
    ServiceFormView,
    StaffViewSet,
    YesNoColumn,
    acting,
    action,
)

from .. import sharing as services
from ..models.sharing import SHARING_STAFF, Basis, PartnerKind, Sharing

WHAT_MAX = 4000


class SharingForm(OnceOnlyFormMixin, forms.Form):
    partner_kind = choice_field(
        _("Who was it shared with?"),
        PartnerKind.choices,
        required_message=_("Please choose who it was shared with."),
    )
    partner_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        validators=[plain_text],
        help_text=_("For example: Leeds Children's Services."),
        error_messages={"required": _("Please name the organisation.")},
    )
    shared_on = date_field(_("Date shared"), validators=[not_in_future])
    what = text_field(
        _("What was shared"),
        max_length=WHAT_MAX,
        required=True,
        help_text=_("The parent will read this, in these words."),
    )
    why = text_field(
        _("Why"), max_length=2000, required=True, help_text=_("The parent will read this too.")
    )
    basis = choice_field(
        _("On what basis?"),
        # The parent reads the model's words ("you gave your permission"); staff read these.
        [
            (Basis.CONSENT, _("Their permission (choose it below)")),
            (Basis.LEGAL_DUTY, _("A legal duty (a court order, a statutory request)")),
            (Basis.SAFEGUARDING, _("Safeguarding: to protect a child or adult from harm")),
            (Basis.OTHER, _("Another reason (say what below)")),
        ],
        required_message=_("Please choose the basis."),
    )
    consent = forms.ChoiceField(
        label=_("Which permission did they give?"),
        required=False,
        error_messages={"invalid_choice": _("Please choose one of their permissions.")},
    )
    basis_other = text_field(_("If another reason: what"), max_length=1000)
    staff_note = text_field(
        _("Note (staff only)"), max_length=2000, help_text=_("The parent does not see this.")
    )

    def __init__(self, *args, consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["consent"])
        field.choices = [("", _("None of these"))] + [
            (key, label) for key, (_obj, label) in consents
        ]
        if not consents:
            field.help_text = _("They have not given a permission to share that is still in force.")

    def clean(self):
        data = super().clean() or {}
        if data.get("basis") == Basis.CONSENT and not data.get("consent"):
            self.add_error("consent", _("Please choose the permission they gave."))
        if data.get("basis") == Basis.OTHER and not data.get("basis_other"):
            self.add_error("basis_other", _("Please say what the other reason was."))
        return data


class ReviewForm(OnceOnlyFormMixin, forms.Form):
    note = text_field(_("Review note (staff only)"), max_length=2000)


def sharing_people():
    """Whom sharing is recorded about: people with a parent's account."""
    return get_user_model().objects.with_role(Role.PARENT)


class RecordSharingView(ServiceFormView):
    """Record information shared about a parent (from the parent's record)."""

    form_class = SharingForm
    header_icon = "doc-full"
    submit_label = _("Record the sharing")
    success_message = _("Sharing recorded. The parent can see it on their page.")
    intro = str(
        _(
            "The parent sees what was shared, with whom, why and on what basis, in the words "
            "you write here. Sharing without their permission is flagged for a manager to "
            "review."
        )
    )

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        person = sharing_people().filter(pk=kwargs["person"]).first()
        if person is None:
            raise Http404
        self.person = person
        self.consents = services.consents_for(person)
        self.page_title = str(_("Record information shared about %(name)s") % {"name": person})

    def get_initial(self):
        return {"shared_on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "consents": list(self.consents.items())}

    def act(self, **data):
        return services.record_sharing(self.person, by=acting(self.request), **data)

    def duplicate_result(self, data):
        """The same form sent twice: the sharing the first one recorded."""
        return (
            Sharing.objects.filter(person=self.person, recorded_by=acting(self.request))
            .order_by("-pk")
            .first()
        )


class ReviewSharingView(ServiceActionView):
    form_class = ReviewForm
    header_icon = "doc-full"
    page_title = str(_("Review sharing without permission"))
    intro = str(
        _(
            "Check that sharing without their permission was right (the law required it, or "
            "someone was at risk of harm). Someone other than the person who recorded it "
            "reviews it."
        )
    )
    submit_label = _("Mark as reviewed")
    success_message = _("Reviewed.")
    refusal_goes_back = True

    def act(self, obj: Any, **data: Any) -> Any:  # type: ignore[override]
        return services.review_sharing(obj, by=acting(self.request), note=data["note"])


class SharingRecordView(RecordView):
    template_name = "privacy/sharing/record.html"
    audit_code = "privacy.sharing.viewed"
    select_related = ("person", "recorded_by", "reviewed_by")

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "sharing": self.object,
                "questions": list(self.object.questions.all()),
            }
        )
        return context


class SharingViewSet(StaffViewSet):
    model = Sharing
    url_prefix = "privacy/sharing"
    roles = SHARING_STAFF
    icon = "doc-full"
    menu_label = "Information shared"
    menu_order = 900
    add_to_admin_menu = True
    record_view_class = SharingRecordView
    list_select_related = ("person",)
    list_audit_code = "privacy.sharing_list.viewed"
    actions = (
        action("new/<id:person>/", RecordSharingView, "record"),
        action("<id:pk>/review/", ReviewSharingView, "review"),
    )
    list_display = [
        Column("shared_on", label="Shared on", sort_key="shared_on"),
        "person",
        "partner_kind",
        "partner_name",
        Column("basis_for_staff", label="Basis"),
        YesNoColumn("needs_review", label="To review"),
    ]
    list_filter = ["partner_kind", "basis"]
    ordering = ["-shared_on", "-pk"]
