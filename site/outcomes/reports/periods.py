"""Period rules for the report and its saved definitions: a quarter, a year, or fixed dates.
Quarters are calendar quarters (January to March, …)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodRule(models.TextChoices):
    LAST_QUARTER = "last_quarter", _("the last full quarter")
    THIS_QUARTER = "this_quarter", _("this quarter so far")
    LAST_YEAR = "last_year", _("the last 12 full months")
    FIXED = "fixed", _("the dates below")


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_for(rule: str, *, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period a rule names, seen from `today` (not FIXED)."""
    this_quarter = _quarter_start(today)
    if rule == PeriodRule.THIS_QUARTER:
        return this_quarter, today
    if rule == PeriodRule.LAST_YEAR:
        first_of_month = today.replace(day=1)
        return first_of_month - relativedelta(months=12), first_of_month - relativedelta(days=1)
    return this_quarter - relativedelta(months=3), this_quarter - relativedelta(days=1)
