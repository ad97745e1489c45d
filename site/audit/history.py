"""A record's Wagtail history tab that also lists its audit entries (who viewed or changed it),
for those who may read the audit trail (Administrators)."""

from wagtail.admin.views.generic.history import HistoryView

from .models import AuditEntry

SHOWN = 50


class AuditedHistoryView(HistoryView):
    template_name = "audit/history.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.request.user.has_perm("audit.view_auditentry"):
            entries = AuditEntry.objects.for_object(self.object).select_related("user")
            context["audit_entries"] = list(entries[:SHOWN])
            context["audit_shown"] = SHOWN
        return context
