from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pace_site.access import signed_in

from .forms import ContactRulesForm
from .models import ContactRules, Notification
from .services import change_contact_rules, mark_read


@signed_in
def inbox(request):
    """The signed-in person's own messages, newest first."""
    # Queries: session, user, notifications page (count + rows).
    messages_qs = Notification.objects.for_recipient(request.user).only(
        "pk", "subject", "created_at", "read_at", "kind"
    )
    page = Paginator(messages_qs, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@signed_in
def message_detail(request, pk):
    """One message in full; someone else's message is a 404."""
    notification = get_object_or_404(Notification.objects.for_recipient(request.user), pk=pk)
    mark_read(notification)
    return render(request, "notifications/message.html", {"message": notification})


@signed_in
def contact_rules(request):
    """The person's own contact rules."""
    rules = ContactRules.for_user(request.user)
    form = ContactRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in ContactRules.FIELDS}
        change_contact_rules(request.user, values, by=request.user)
        messages.success(request, _("Saved. We will contact you this way from now on."))
        return redirect("notifications:contact_rules")
    return render(request, "notifications/contact_rules.html", {"form": form})
