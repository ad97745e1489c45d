"""The payments' audit codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "payments.payment.offered": "Payment offered",
        "payments.payment.chosen": "How to be paid chosen",
        "payments.payment.approved": "Payment approved",
        "payments.payment.paid": "Payment marked paid",
        "payments.payment.cancelled": "Payment cancelled",
        "payments.preference.saved": "Payment choices saved",
        "payments.payment_list.viewed": "Payments listed",
    }
)
