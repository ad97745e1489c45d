"""Rules that other apps add about whether a message may go to someone at all.

A policy is a function `(notification) -> str | None`: it returns a short reason to withhold the
message (for example "paused: no offers") or None to let it through. Apps register theirs in
their AppConfig.ready(); the platform imports no app. Policies run when the message is written
and again just before it is sent, so a pause that starts in between still holds it back.
"""

from collections.abc import Callable

Policy = Callable[[object], str | None]
_policies: list[Policy] = []


def register_policy(policy: Policy) -> Policy:
    if policy not in _policies:
        _policies.append(policy)
    return policy


def withheld_reason(notification) -> str | None:
    for policy in _policies:
        reason = policy(notification)
        if reason:
            return reason
    return None
