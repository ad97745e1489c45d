"""What every app's services share."""


class ServiceError(Exception):
    """A service refused to act, with a message in plain words for the person who asked.

    Each app's own error (ParticipationError, BefriendingError, EventError …) is one of these,
    so the workspace's action pages and the portal show the message and change nothing.
    """
