"""The Pace platform: settings, accounts, notifications, audit and the shared layout."""

from .celery import app as celery_app

__all__ = ["celery_app"]
