"""Suggested befrienders for a referral, ranked, each with the reasons shown to the coordinator.

The ranking is a plain ordering the coordinator can check by eye, compared in this order:
the parent's gender preference met, same region, more shared times, speaks the preferred
language, more free places. Only active volunteers with a free place are suggested.
"""

from dataclasses import dataclass, field

from .models import Befriender, GenderPreference, Referral, describe_slots


@dataclass
class Suggestion:
    befriender: Befriender
    preference_met: bool
    same_region: bool
    shared_slots: list[str]
    speaks_language: bool
    free_places: int
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rank_key(self):
        return (
            self.preference_met,
            self.same_region,
            len(self.shared_slots),
            self.speaks_language,
            self.free_places,
        )


def _norm(text: str) -> str:
    return " ".join((text or "").lower().split())


def suggest_befrienders(referral: Referral, *, limit: int = 10) -> list[Suggestion]:
    """Ranked suggestions for a referral. Queries: one (volunteers with their places taken)."""
    candidates = Befriender.objects.waiting_for_match()
    wanted_slots = set(referral.availability or [])
    wanted_language = _norm(referral.preferred_language)
    suggestions = []
    for befriender in candidates:
        shared = [slot for slot in befriender.availability if slot in wanted_slots]
        languages = {_norm(lang) for lang in befriender.language_list}
        speaks = bool(wanted_language) and wanted_language in languages
        if referral.preferred_gender == GenderPreference.ANY:
            preference_met = True
        else:
            preference_met = befriender.gender == referral.preferred_gender
        suggestion = Suggestion(
            befriender=befriender,
            preference_met=preference_met,
            same_region=_norm(befriender.region) == _norm(referral.region),
            shared_slots=shared,
            speaks_language=speaks,
            free_places=befriender.max_active_matches - befriender.places_taken,
        )
        _explain(suggestion, referral)
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (s.rank_key, -s.befriender.pk), reverse=True)
    return suggestions[:limit]


def _explain(s: Suggestion, referral: Referral) -> None:
    if referral.preferred_gender != GenderPreference.ANY:
        wanted = GenderPreference(referral.preferred_gender).label
        if s.preference_met:
            s.reasons.append(f"Is {wanted}, as the parent prefers")
        else:
            s.warnings.append(f"The parent would prefer {wanted}")
    if s.same_region:
        s.reasons.append(f"Same region ({s.befriender.region})")
    else:
        s.warnings.append(f"Different region ({s.befriender.region})")
    if s.shared_slots:
        s.reasons.append(
            f"Free at {len(s.shared_slots)} of the parent's times: {describe_slots(s.shared_slots)}"
        )
    elif referral.availability:
        s.warnings.append("No shared times")
    if referral.preferred_language:
        if s.speaks_language:
            s.reasons.append(f"Speaks {referral.preferred_language}")
        else:
            s.warnings.append(f"Does not speak {referral.preferred_language}")
    s.reasons.append(f"{s.free_places} free place{'s' if s.free_places != 1 else ''}")
