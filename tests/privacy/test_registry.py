"""The registry of personal data knows every table that holds some, and its declarations are
true to the models."""

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.test.utils import isolate_apps

from pace_site.crypto import EncryptedTextField
from pace_site.privacy import registry
from pace_site.privacy.registry import Category, Erase, PersonalData, Retention
from participation.models import Parent
from tests.factories import ParentFactory


def test_every_table_with_a_person_or_free_text_is_declared():
    assert registry.undeclared() == {}


def test_every_declaration_matches_its_model():
    assert registry.problems() == []


@isolate_apps("participation")
def test_a_new_table_that_refers_to_a_parent_is_noticed():
    class Diary(models.Model):
        parent = models.ForeignKey(Parent, on_delete=models.CASCADE)
        when = models.DateField()

        class Meta:
            app_label = "participation"

        def __str__(self):
            return "diary"

    assert registry.needs_declaring(Diary) == ["parent refers to a person (participation.Parent)"]


@isolate_apps("participation")
def test_a_new_table_with_free_or_encrypted_text_is_noticed():
    class Note(models.Model):
        author = models.ForeignKey(get_user_model(), on_delete=models.CASCADE)
        words = EncryptedTextField()
        more = models.TextField()
        kind = models.CharField(max_length=10)

        class Meta:
            app_label = "participation"

        def __str__(self):
            return "note"

    assert registry.needs_declaring(Note) == [
        "author refers to a person (accounts.User)",
        "words is encrypted text",
        "more is free text",
    ]


def test_a_declaration_naming_a_missing_field_or_path_is_reported():
    entry = PersonalData(
        "participation.CheckIn",
        heading="Check-ins",
        subject=("parent__nobody",),
        category=Category.SPECIAL,
        fields=("words", "mood_ring"),
        erase=Erase.DELETE,
    )
    found = registry.problems([entry])
    assert any("no field 'mood_ring'" in problem for problem in found)
    assert any("bad path 'parent__nobody'" in problem for problem in found)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"erase": Erase.KEEP}, "need a recorded reason"),
        ({"erase": Erase.KEEP, "keep_reason": "Article 17(3)(b)."}, "in plain words"),
        ({"erase": Erase.ANONYMISE}, "say what anonymising writes"),
        ({"erase": Erase.DELETE, "anonymise": {"words": ""}}, "need no anonymise"),
        ({"erase": Erase.DELETE, "subject": ()}, "say whose data it is"),
    ],
)
def test_an_incomplete_declaration_is_refused(options, message):
    arguments = {
        "heading": "Check-ins",
        "subject": ("parent__user",),
        "category": Category.SPECIAL,
        "fields": ("words",),
    } | options
    with pytest.raises(ValueError, match=message):
        PersonalData("participation.CheckIn", **arguments)


def test_a_table_declared_twice_differently_is_refused():
    with pytest.raises(registry.AlreadyDeclared):
        registry.not_personal("participation.CheckIn", "Changed my mind.")


def test_kept_tables_give_their_reason_and_retention_of_kept_rows_deletes():
    kept = [entry for entry in registry.personal_data() if entry.erase == Erase.KEEP]
    assert {entry.model for entry in kept} >= {"befriending.Concern", "audit.AuditEntry"}
    assert all(len(entry.keep_reason) > 40 for entry in kept)
    assert all(len(entry.keep_plainly) > 40 for entry in kept)
    audit = registry.entry_for("audit.AuditEntry")
    assert audit.retention_action == Erase.DELETE


def test_retention_rules_cover_what_the_readme_promises():
    notes = {entry.model: entry.retention.note for entry in registry.with_retention()}
    for model in (
        "befriending.ContactLog",
        "befriending.Befriender",
        "participation.SignUp",
        "participation.CheckIn",
    ):
        assert model in notes
    assert all(isinstance(entry.retention, Retention) for entry in registry.with_retention())


@pytest.mark.django_db
def test_each_table_finds_the_rows_of_one_person_and_no_one_else(django_assert_max_num_queries):
    from participation.models import CheckIn

    parent = ParentFactory()
    other = ParentFactory()
    CheckIn.objects.create(parent=parent, kind="regular", channel="portal", wellbeing=3)
    CheckIn.objects.create(parent=other, kind="regular", channel="portal", wellbeing=3)
    entry = registry.entry_for(CheckIn)
    assert list(entry.rows_for(parent.user).values_list("parent", flat=True)) == [parent.pk]
    # Every declared path is valid SQL against the real schema.
    tables = [entry for entry in registry.personal_data() if entry.subject]
    with django_assert_max_num_queries(len(tables)):
        for entry in tables:
            list(entry.rows_for(parent.user).values_list("pk", flat=True))
    assert (
        registry.entry_for("participation.Parent").rows_for(parent.user).get().user == parent.user
    )
    assert (
        not registry.entry_for("participation.Parent").rows_for(other.user).filter(Q(pk=parent.pk))
    )
