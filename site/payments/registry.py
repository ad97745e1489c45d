"""The kinds of thing paid for, registered by the apps.

Each app registers its kinds from its own `payments.py` (found by `autodiscover_modules` when the
payments app is ready):

    register_kind(
        "involvement",
        label="Involvement payment",
        programme="participation",
        approvers={Role.PARTICIPATION_MANAGER},
    )

A payment names its kind; who may offer, approve and cancel it is its kind's `approvers` (and
Administrators). Finance may see, export and mark paid every kind. Expense claims will be a
second kind with the same lifecycle.
"""

from dataclasses import dataclass

from pace_site.accounts.roles import Role


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    programme: str
    approvers: frozenset[Role]


_KINDS: dict[str, Kind] = {}


def register_kind(key: str, *, label: str, programme: str, approvers: set[Role]) -> Kind:
    kind = Kind(key=key, label=label, programme=programme, approvers=frozenset(approvers))
    existing = _KINDS.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"Payment kind {key!r} is registered twice, differently.")
    _KINDS[key] = kind
    return kind


def kind(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No payment kind {key!r} is registered.") from None


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def approver_roles() -> frozenset[Role]:
    """Everyone who approves some kind of payment."""
    roles: set[Role] = set()
    for each in _KINDS.values():
        roles |= each.approvers
    return frozenset(roles)
