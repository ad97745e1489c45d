"""Stored choice values with hyphens took underscores (migration 0004), and go back again."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("befriending", "0003_received_applications")]
AFTER = [("befriending", "0004_underscored_choice_values")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_hyphened_values_take_underscores_and_back():
    old = _migrate(BEFORE)
    befriender = old.get_model("befriending", "Befriender").objects.create(
        name="Hyphen Person",
        email="hyphen@example.org",
        region="Leeds",
        status="not-taken-forward",
        gender="not-said",
        availability=["mon-evening", "sat-morning"],
        what_they_bring="Time",
    )
    training = old.get_model("befriending", "TrainingRecord").objects.create(
        befriender=befriender, module="self-care", completed_on="2026-01-05"
    )
    concern = old.get_model("befriending", "Concern").objects.create(
        befriender=befriender, urgency="soon", details="x", status="in-hand"
    )
    received = old.get_model("befriending", "ReceivedApplication").objects.create(
        details=json.dumps({"gender": "non-binary", "availability": ["tue-afternoon"]})
    )

    new = _migrate(AFTER)
    row = new.get_model("befriending", "Befriender").objects.get(pk=befriender.pk)
    assert (row.status, row.gender) == ("not_taken_forward", "not_said")
    assert row.availability == ["mon_evening", "sat_morning"]
    assert new.get_model("befriending", "TrainingRecord").objects.get(pk=training.pk).module == (
        "self_care"
    )
    assert new.get_model("befriending", "Concern").objects.get(pk=concern.pk).status == "in_hand"
    details = json.loads(
        new.get_model("befriending", "ReceivedApplication").objects.get(pk=received.pk).details
    )
    assert details == {"gender": "non_binary", "availability": ["tue_afternoon"]}

    back = _migrate(BEFORE)
    row = back.get_model("befriending", "Befriender").objects.get(pk=befriender.pk)
    assert (row.status, row.gender, row.availability) == (
        "not-taken-forward",
        "not-said",
        ["mon-evening", "sat-morning"],
    )
    assert back.get_model("befriending", "Concern").objects.get(pk=concern.pk).status == "in-hand"

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
