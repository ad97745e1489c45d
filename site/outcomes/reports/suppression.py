"""Small numbers: the one rule every figure of the reports goes through, on the page and in
every export, so no one can be picked out of a small group.

- A count of people from 1 to 4 is shown as "fewer than 5" (0 is shown: it names nobody).
- "n of N agreed": the agreed count, and its percentage, are hidden when n is 1 to 4, and also
  when N - n is 1 to 4 (shown as "more than N - 5": "47 of 50" would tell that 3 people
  disagreed); N is hidden when it is 1 to 4, and then n and the percentage with it.
- A breakdown with a total (parents active, paused, left): when exactly one of its parts is
  hidden, the next smallest part is hidden too, so the hidden one cannot be worked out from the
  total minus the others.
- A response rate is hidden when the questionnaires sent or answered are 1 to 4; an average
  score when fewer than 5 people gave it.
"""

from collections.abc import Sequence

THRESHOLD = 5
FEWER_THAN = "fewer than 5"


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def people(count: int | None) -> int | str:
    """A count of people as it may be shown: the number, or "fewer than 5"."""
    if count is None:
        return "–"
    return FEWER_THAN if is_small(count) else count


def breakdown(counts: Sequence[int]) -> list[int | str]:
    """The parts of a total, each through `people`, with one more part hidden when only one
    would be (see above)."""
    hidden = {i for i, count in enumerate(counts) if is_small(count)}
    if len(hidden) == 1:
        others = [(count, i) for i, count in enumerate(counts) if i not in hidden and count > 0]
        if others:
            hidden.add(min(others)[1])
    return [FEWER_THAN if i in hidden else count for i, count in enumerate(counts)]


def share(part: int, whole: int) -> tuple[int | str, int | str, str]:
    """("n", "N", "x%") for "n of N", hidden by the rule above."""
    if is_small(whole):
        return FEWER_THAN, FEWER_THAN, "–"
    if whole == 0:
        return 0, 0, "–"
    if is_small(part) or is_small(whole - part):
        return (FEWER_THAN if is_small(part) else f"more than {whole - THRESHOLD}"), whole, "–"
    return part, whole, f"{round(100 * part / whole)}%"


def rate(part: int, whole: int) -> str:
    """A response rate ("x%": questionnaires answered of those sent), hidden when either is a
    small count. Not answering says nothing about a person, so the rest is not checked."""
    if whole == 0 or is_small(whole) or is_small(part):
        return "–"
    return f"{round(100 * part / whole)}%"
