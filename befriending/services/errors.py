"""The one error of befriending's services: an action that cannot be done now."""

from pace_site.services import ServiceError


class BefriendingError(ServiceError):
    """An action that cannot be done now; the message says why in plain words."""
