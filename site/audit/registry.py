"""The audit trail's fixed vocabulary: every action code, registered once, with a plain label.

Each app declares its codes in its own `audit.py` (found when the audit app is ready), e.g.
`register_codes({"participation.parent.paused": "Parent paused"})`. A code is
`<app label>.<thing>.<what happened>`, lower case with underscores. `record()` refuses a code
that is not registered, so the trail never holds an action nobody can explain.
"""

import re

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
CODE_MAX_LENGTH = 80

_labels: dict[str, str] = {}


class UnknownActionCode(LookupError):
    """An audit entry was written with a code nobody registered."""


def register_codes(codes: dict[str, str]) -> None:
    """Add `{code: plain-English label}` to the vocabulary; re-registering the same label is fine."""
    for code, label in codes.items():
        if not CODE_PATTERN.match(code) or len(code) > CODE_MAX_LENGTH:
            raise ValueError(f"Audit action code {code!r} must look like 'app.thing.happened'.")
        if not label or not label.strip():
            raise ValueError(f"Audit action code {code!r} needs a plain-English label.")
        if _labels.get(code, label) != label:
            raise ValueError(f"Audit action code {code!r} is registered twice, differently.")
        _labels[code] = label


def is_registered(code: str) -> bool:
    return code in _labels


def check(code: str) -> str:
    if code not in _labels:
        raise UnknownActionCode(f"Audit action code {code!r} is not registered.")
    return code


def label_for(code: str) -> str:
    """The plain label, or the code itself for a code no longer registered (old rows stay readable)."""
    return _labels.get(code, code)


def all_codes() -> dict[str, str]:
    return dict(sorted(_labels.items()))


def app_of(code: str) -> str:
    return code.split(".", 1)[0]
