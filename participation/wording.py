"""What a parent is told when they give a permission: one versioned wording per purpose, and how
long the permission lasts before we ask again.

A wording is never changed once used: to say something new, add the next version at the end of
the purpose's list. Each consent stores the version the parent was shown (ICO: a record of what
the person was told), so older permissions can be read in the words they agreed to.
"""

from dataclasses import dataclass

from .models.people import ConsentPurpose


@dataclass(frozen=True)
class Wording:
    version: str
    text: str


WORDINGS: dict[str, tuple[Wording, ...]] = {
    ConsentPurpose.STORY: (
        Wording(
            "1",
            "We may publish your story on our website under the name you choose. We never use "
            "your real name or anything that could identify your family. You can ask us to take "
            "it down at any time and we will do it the same day.",
        ),
    ),
    ConsentPurpose.PHOTOS: (
        Wording(
            "1",
            "We may take photos or film of you at events you agree to, and use them in our own "
            "materials. We ask you before each use outside Pace. You can take this back at any "
            "time and we stop using them from then on.",
        ),
    ),
    ConsentPurpose.SHARING: (
        Wording(
            "1",
            "We may share what you tell us with the partner named here (for example your "
            "child's social worker) to help your family. We share only what they need, and you "
            "can see on your page what we shared, with whom and why.",
        ),
    ),
    ConsentPurpose.NEWSLETTER: (
        Wording(
            "1",
            "We may send you our newsletter. It never mentions you or your family. You can stop "
            "it at any time.",
        ),
    ),
    ConsentPurpose.RESEARCH: (
        Wording(
            "1",
            "We may pass your answers, without your name, to the research team named here. "
            "You can withdraw before the study is written up and your answers will not be used.",
        ),
    ),
}

# Months a permission lasts before it runs out (we ask again a month before); None: until it is
# taken back.
EXPIRY_MONTHS: dict[str, int | None] = {
    ConsentPurpose.STORY: 12,
    ConsentPurpose.PHOTOS: 12,
    ConsentPurpose.SHARING: None,
    ConsentPurpose.NEWSLETTER: None,
    ConsentPurpose.RESEARCH: None,
}

# How many days before a permission runs out the parent is asked whether to renew it.
ASK_AGAIN_DAYS = 30


def current(purpose: str) -> Wording:
    """The wording a parent is shown today when asked for this permission."""
    return WORDINGS[purpose][-1]


def wording(purpose: str, version: str) -> Wording | None:
    """The wording of one version (None for an unknown one)."""
    return next((w for w in WORDINGS.get(purpose, ()) if w.version == version), None)
