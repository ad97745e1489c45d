"""One permission policy for the staff workspace's generic views.

Records that change only through the services (sign-ups, check-ins, pauses, matches, the audit
trail) are shown in Wagtail's generic listings, but its add, edit and delete views stay closed
to everyone, administrators included: the action pages call the services instead. A viewset
says which of Wagtail's actions it allows at all; the role's model permissions still decide who
may use them.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from wagtail.permission_policies import ModelPermissionPolicy


class AllowedActionsPolicy(ModelPermissionPolicy):
    """Model permissions, limited to `actions` (by default: view only)."""

    def __init__(
        self, model: type[Model], actions: Iterable[str] = frozenset({"view"}), **kwargs: Any
    ) -> None:
        super().__init__(model, **kwargs)
        self.actions = frozenset(actions)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in self.actions and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)
