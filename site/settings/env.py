"""Reading configuration from the environment, with errors that name the missing variable."""

import os
from datetime import date

from django.core.exceptions import ImproperlyConfigured


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is not set. Production settings have no default "
            f"for it: set {name} and start again (see README, 'Running in production')."
        )
    return value


def optional(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def as_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def as_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number."
        ) from error


def as_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def as_date(name: str) -> date | None:
    """A date written YYYY-MM-DD, or None when the variable is not set."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a date written YYYY-MM-DD."
        ) from error
