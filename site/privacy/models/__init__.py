"""Data-rights records: one module per right, gathered here for Django."""

from .sharing import Sharing, SharingQuestion  # noqa: F401
