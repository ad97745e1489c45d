"""The staff forms and listing filters of the participation workspace."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.forms import PersonNameField

from ..models import ActivityContent, Opportunity, Parent, Pause, SignUp, TakingPartWay

# The largest id a database column holds. SQLite cannot even compare against a bigger number
# (the query fails), so such a value in the address is refused while the filter is cleaned.
MAX_ID = 2**63 - 1


def _id_in_range(field, value):
    if value in field.empty_values:
        return
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not 0 < number <= MAX_ID:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": str(value)[:20]},
        )


class IdChoiceField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        _id_in_range(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value if isinstance(value, (list, tuple)) else [value]:
            _id_in_range(self, item)
        return super()._check_values(value)


class IdSafeFilterSet(WagtailFilterSet):
    """A listing filter set whose record filters refuse ids no database can hold."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in self.filters.values():
            if isinstance(item, django_filters.ModelMultipleChoiceFilter):
                item.field_class = IdMultipleChoiceField
            elif isinstance(item, django_filters.ModelChoiceFilter):
                item.field_class = IdChoiceField


class ParentFilterSet(IdSafeFilterSet):
    check_in_overdue = django_filters.BooleanFilter(
        label="Check-in overdue", method="filter_overdue"
    )

    class Meta:
        model = Parent
        fields = ["status", "interests", "region"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            overdue = queryset.filter(check_in_due_on__lt=today)
            # Most overdue first, unless the person sorted by a column.
            return overdue if self.data.get("ordering") else overdue.order_by("check_in_due_on")
        if value is False:
            return queryset.filter(Q(check_in_due_on__gte=today) | Q(check_in_due_on__isnull=True))
        return queryset


class ParentForm(WagtailAdminModelForm):
    """A parent's details. Saved by services.save_parent (see ParentCreateView/ParentEditView)."""

    preferred_name = PersonNameField(label="Name they want used", max_length=100)
    pseudonym = PersonNameField(label="Pseudonym for public use", max_length=100, required=False)
    ways_accepted = forms.MultipleChoiceField(
        label="Ways of taking part they accept",
        choices=TakingPartWay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all empty if any way is fine.",
    )
    will_not_do = forms.MultipleChoiceField(
        label="What they do not want to be asked to do",
        choices=ActivityContent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            field = self.fields["user"]
            if self.instance.user_id is not None:
                # The account link is set once: a posted value is ignored, so one parent's
                # record can never be moved to another person's account.
                field.disabled = True
                field.queryset = User.objects.filter(pk=self.instance.user_id)
                field.help_text = "Linked to this parent's own account; it cannot be changed."
            else:
                field.queryset = User.objects.with_role(Role.PARENT).filter(parent__isnull=True)
                field.help_text = (
                    "A parent's account, with no record yet; invite them first if needed. "
                    "Once linked, this cannot be changed."
                )
            field.label_from_instance = lambda user: f"{user} <{user.email}>"

    @property
    def links_account(self) -> bool:
        return "user" in self.changed_data and self.instance.user_id is not None


class OpportunityForm(WagtailAdminModelForm):
    ways = forms.MultipleChoiceField(
        label="Ways a parent may take part",
        choices=TakingPartWay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    content_notes = forms.MultipleChoiceField(
        label="What it involves",
        choices=ActivityContent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Parents see these before deciding; those who ruled them out get no offer.",
    )


class OpportunityFilterSet(IdSafeFilterSet):
    class Meta:
        model = Opportunity
        fields = ["status", "activity_type"]


class SignUpFilterSet(IdSafeFilterSet):
    class Meta:
        model = SignUp
        fields = ["status", "opportunity__activity_type", "way"]


class PauseFilterSet(IdSafeFilterSet):
    is_open = django_filters.BooleanFilter(
        label="Open", field_name="ended_at", lookup_expr="isnull"
    )

    class Meta:
        model = Pause
        fields = ["started_by"]
