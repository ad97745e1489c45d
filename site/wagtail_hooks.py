"""The staff screens' own small stylesheet (urgency, words that never break mid-word)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def staff_css():
    return format_html('<link rel="stylesheet" href="{}">', static("pace/css/staff.css"))
