"""Personal data held by payments (see pace_site.privacy.registry)."""

from pace_site.privacy.registry import Category, Erase, PersonalData, Retention, declare

STAFF = ("created_by", "vouched_by", "approved_by", "paid_by", "cancelled_by")

declare(
    PersonalData(
        "payments.Payment",
        heading="Payments for your involvement",
        subject=("person",),
        category=Category.PERSONAL,
        fields=(
            "description",
            "activity",
            "amount_pence",
            "earned_on",
            "status",
            "method",
            "paid_on",
            "finance_reference",
        ),
        erase=Erase.KEEP,
        keep_reason=(
            "A charity must keep the records behind its accounts, payments to people among them, "
            "for six years after the end of the financial year (Charities Act 2011 s.131; HMRC "
            "record keeping). On erasure what the payment was for is cleared; the amount, date "
            "and reference stay for the accounts."
        ),
        keep_plainly=(
            "We must keep a record of money we paid you for six years, for our accounts and the "
            "tax office. What it was for is taken out of it."
        ),
        anonymise={"description": "", "activity": "", "cancelled_reason": ""},
        actors=STAFF,
        retention=Retention(
            months=84,
            after="earned_on",
            note="Payments: seven years after taking part (six after the year's end), then deleted.",
        ),
    ),
    PersonalData(
        "payments.PaymentChoices",
        heading="How you like to be paid",
        subject=("person",),
        category=Category.PERSONAL,
        fields=("standing_method", "limit_pence", "limit_period", "updated_at"),
        erase=Erase.DELETE,
    ),
)
