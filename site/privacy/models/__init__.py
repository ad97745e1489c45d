"""Data-rights records: one module per right, gathered here for Django."""

from .erasure import CorrectionRequest, ErasureRequest  # noqa: F401
