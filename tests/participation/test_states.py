"""A sign-up's state has one name in the parent's words, the same on every screen (issue 14,
item 6), and the deadline to say yes is only asked of a parent who has not answered yet."""

from html import unescape

import pytest
from django.urls import reverse

from participation.models import SignUpStatus
from participation.models.opportunities import PARENT_STATUS_NAMES, PARENT_STATUS_SENTENCES

from .factories import OpportunityFactory, SignUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent_client(signed_in_client, parent):
    return signed_in_client(parent.user)


def text(response) -> str:
    return unescape(response.content.decode())


def test_every_state_has_a_name_and_a_sentence():
    assert set(PARENT_STATUS_NAMES) == set(SignUpStatus) == set(PARENT_STATUS_SENTENCES)
    assert len(set(PARENT_STATUS_NAMES.values())) == len(SignUpStatus)


def test_not_yet_answered_asks_by_when(parent_client, parent):
    OpportunityFactory(title="Speak to officers")
    page = text(parent_client.get(reverse("participation:opportunities")))
    assert "Let us know by" in page
    assert "You're interested" not in page


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (SignUpStatus.INTERESTED, "You're interested. We'll be in touch"),
        (SignUpStatus.CONFIRMED, "You have a place."),
        (SignUpStatus.WAITLISTED, "You're on the waiting list."),
    ],
)
def test_the_list_and_the_page_say_the_same_state(parent_client, parent, status, said):
    opportunity = OpportunityFactory(title="Speak to officers")
    SignUpFactory(parent=parent, opportunity=opportunity, status=status)
    listing = text(parent_client.get(reverse("participation:opportunities")))
    assert said in listing
    assert "Let us know by" not in listing
    for other, sentence in PARENT_STATUS_SENTENCES.items():
        if other != status:
            assert str(sentence) not in listing
    detail = text(parent_client.get(reverse("participation:opportunity", args=[opportunity.pk])))
    assert said in detail
    assert "Let us know by" not in detail
    involvement = text(parent_client.get(reverse("participation:involvement")))
    if status != SignUpStatus.CONFIRMED:  # confirmed ones are listed under "Coming up"
        assert str(PARENT_STATUS_NAMES[status]) in involvement


@pytest.mark.parametrize(
    "status",
    [SignUpStatus.DECLINED, SignUpStatus.TOOK_PART, SignUpStatus.DID_NOT_TAKE_PART],
)
def test_past_and_closed_states_on_the_page_and_in_my_involvement(parent_client, parent, status):
    opportunity = OpportunityFactory(title="Speak to officers")
    SignUpFactory(parent=parent, opportunity=opportunity, status=status)
    detail = text(parent_client.get(reverse("participation:opportunity", args=[opportunity.pk])))
    assert str(PARENT_STATUS_SENTENCES[status]) in detail
    assert "I can't do it after all" not in detail
    involvement = text(parent_client.get(reverse("participation:involvement")))
    assert str(PARENT_STATUS_NAMES[status]) in involvement
