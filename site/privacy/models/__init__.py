"""Data-rights records: one module per right, gathered here for Django."""

from .access import SubjectAccessRequest  # noqa: F401
