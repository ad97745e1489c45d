"""Money paid to the people who give their time: involvement payments now, expenses next.

The platform knows no app. An app registers each kind of thing it pays for from its own
`payments.py` (see `registry.py`), and offers a payment through `services.offer`; the lifecycle
(offered → chosen → approved → paid, or cancelled), the approval rule, the finance role, the
exports and the statements are the same for every kind.
"""
