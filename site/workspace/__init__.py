"""The staff workspace kit: every app's records in the Wagtail admin take one shape.

- `StaffViewSet`: one kind of record under one URL prefix and namespace, with one permission
  policy; its listing, record page and actions (see viewsets.py).
- `StaffIndexView`: the listing: related rows in one query, CSV cells defused, every export and
  each view of a sensitive listing audited; yes-or-no fields read "Yes" or "No" (`YesNoColumn`).
- `RecordView`: a record's own page (Wagtail's inspect view with the app's template).
- `ServiceActionView`: one action on one record: POST → service → message → back to the record;
  `ServiceFormView`: the same without a record (a new referral).
- `acting(request)`: the member of staff acting, typed for a service's `by`.
- `AllowedActionsPolicy`: the one permission policy: model permissions, limited to the generic
  actions a viewset opens (view only by default).

docs/architecture.md walks through adding a staff action.
"""

from .listings import StaffIndexView, YesNoColumn
from .policies import AllowedActionsPolicy
from .views import RecordView, ServiceActionView, ServiceFormView, acting, scoped
from .viewsets import Action, StaffViewSet, action

__all__ = [
    "Action",
    "AllowedActionsPolicy",
    "RecordView",
    "ServiceActionView",
    "ServiceFormView",
    "StaffIndexView",
    "StaffViewSet",
    "YesNoColumn",
    "action",
    "acting",
    "scoped",
]
