"""Data-rights records: one module per right, gathered here for Django."""

from .breaches import Breach, BreachRisk, ToldHow  # noqa: F401
from .erasure import CorrectionRequest, ErasureRequest  # noqa: F401
