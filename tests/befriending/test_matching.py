"""Suggested befrienders for a referral: ranked by preference, region, shared times, language and
free places, with the reasons shown."""

import pytest

from befriending.matching import suggest_befrienders
from befriending.models import Gender

from .factories import BefrienderFactory, ReferralFactory, make_active_match

pytestmark = pytest.mark.django_db

EVENINGS = ["mon_evening", "wed_evening", "thu_evening"]


def volunteer(name, **kwargs):
    defaults = {
        "name": name,
        "gender": Gender.WOMAN,
        "region": "Bradford",
        "languages": "English, Urdu",
        "availability": EVENINGS,
    }
    return BefrienderFactory(**{**defaults, **kwargs})


@pytest.fixture
def referral():
    return ReferralFactory(
        region="Bradford",
        preferred_gender="woman",
        preferred_language="Urdu",
        availability=EVENINGS,
    )


def test_suggestions_are_ranked_as_described(referral):
    roomy = volunteer("Roomy Everything", max_active_matches=2)
    best = volunteer("Best Everything")
    no_urdu = volunteer("Nour Nourdu", languages="English")
    fewer_times = volunteer("Fewer Times", availability=["mon_evening"])
    other_region = volunteer("Other Region", region="Leeds")
    man = volunteer("Man Everything", gender=Gender.MAN)
    full = volunteer("Full Everything")
    make_active_match(befriender=full)
    volunteer("Still Vetting", status="trained")
    volunteer("Paused Volunteer", status="paused")

    ranked = [s.befriender for s in suggest_befrienders(referral)]
    assert ranked == [roomy, best, no_urdu, fewer_times, other_region, man]


def test_each_suggestion_shows_its_reasons(referral):
    volunteer("Best Everything")
    volunteer("Man Other", gender=Gender.MAN, region="Leeds", languages="English", availability=[])
    best, worst = suggest_befrienders(referral)
    assert best.reasons == [
        "Is a woman, as the parent prefers",
        "Same region (Bradford)",
        "Free at 3 of the parent's times: Monday evening, Wednesday evening, Thursday evening",
        "Speaks Urdu",
        "1 free place",
    ]
    assert best.warnings == []
    assert worst.warnings == [
        "The parent would prefer a woman",
        "Different region (Leeds)",
        "No shared times",
        "Does not speak Urdu",
    ]


def test_suggestions_take_one_query_whatever_the_number(referral, django_assert_num_queries):
    for n in range(8):
        volunteer(f"Volunteer{n} Many")
    # One query: active volunteers annotated with their open-match counts.
    with django_assert_num_queries(1):
        assert len(suggest_befrienders(referral)) == 8
