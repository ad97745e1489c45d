"""Data-rights records: one module per right, gathered here for Django."""

from .access import SubjectAccessRequest  # noqa: F401
from .breaches import Breach, BreachRisk, ToldHow  # noqa: F401
from .erasure import CorrectionRequest, ErasureRequest  # noqa: F401
from .sharing import Sharing, SharingQuestion  # noqa: F401
