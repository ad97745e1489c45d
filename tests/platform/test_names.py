"""One input rule for people's names everywhere in the product: `pace_site.forms.PersonNameField`
trims, folds inner spaces, refuses markup and control characters, has a sensible length and
says what is wrong in plain words."""

import pytest

from pace_site.forms import PersonNameField


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Siobhán   O'Neill-Smith ", "Siobhán O'Neill-Smith"),
        ("Dr. Amir Khan", "Dr. Amir Khan"),
        ("李小龍", "李小龍"),
        ("Tom & Jo", "Tom & Jo"),
        ("Rosa\n Lane", "Rosa Lane"),
    ],
)
def test_names_as_people_write_them_are_kept(typed, kept):
    assert PersonNameField().clean(typed) == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("<script>alert(1)</script>", "without < > signs or code"),
        ("Rosa <b>Lane</b>", "without < > signs or code"),
        ("Rosa &lt;b&gt;", "without < > signs or code"),
        ("javascript:alert(1)", "without < > signs or code"),
        ("Rosa\x00Lane", "on one line, in plain letters"),
        ("Rosa\x07Lane", "on one line, in plain letters"),
        ("Rosa\u202eenaL", "on one line, in plain letters"),
        ("x" * 151, "at most 150 characters"),
    ],
)
def test_markup_control_characters_and_long_names_are_refused_clearly(typed, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as refused:
        PersonNameField().clean(typed)
    assert message in " ".join(refused.value.messages)


def _name_fields():
    """Every field in the product that holds a person's name (or a pseudonym, which stands for
    one), as (form class, field name)."""
    from befriending.forms import VolunteerApplicationForm
    from events.forms import RegistrationForm
    from home.models import StoryPageForm
    from pace_site.accounts.forms import AcceptInvitationForm, InviteForm
    from participation.workspace.forms import ParentForm

    return [
        (VolunteerApplicationForm, "name"),
        (InviteForm, "display_name"),
        (AcceptInvitationForm, "display_name"),
        (ParentForm, "preferred_name"),
        (ParentForm, "pseudonym"),
        (StoryPageForm, "pseudonym"),
        (RegistrationForm, "room_notes"),  # who they would like to share a room with
    ]


def test_every_name_field_in_the_product_uses_the_one_rule():
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form, name in _name_fields()
        if not isinstance(form.declared_fields.get(name), PersonNameField)
    ]
    assert plain == []


@pytest.mark.django_db
def test_a_parent_named_with_markup_is_refused_in_the_admin(client, users):
    from django.urls import reverse

    from pace_site.accounts.roles import Role
    from participation.models import Parent
    from tests.factories import make_user
    from tests.helpers import sign_in

    account = make_user(Role.PARENT, email="new.parent@example.org")
    sign_in(client, users["Participation manager"])
    response = client.post(
        reverse("participation_parents:add"),
        {
            "user": account.pk,
            "preferred_name": "<img src=x onerror=alert(1)>",
            "joined_on": "2026-01-05",
            "check_in_every_weeks": "4",
        },
    )
    assert response.status_code == 200
    assert "without &lt; &gt; signs or code" in response.content.decode()
    assert not Parent.objects.filter(user=account).exists()
