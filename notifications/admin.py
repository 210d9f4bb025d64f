from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_mixins import ReadOnlyAdminMixin
from notifications.models import Notification, Subscription
from notifications.outbox import enqueue_delivery


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, read-only: what was sent to whom and when, and what is still waiting."""

    list_display = ["subject", "recipient", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["send_now"]

    @admin.action(description=_("Send the selected unsent emails now"), permissions=["view"])
    def send_now(self, request, queryset):
        pending = list(queryset.pending().values_list("pk", flat=True))
        for notification_id in pending:
            enqueue_delivery(notification_id)
        self.message_user(
            request,
            ngettext("%(count)d email queued.", "%(count)d emails queued.", len(pending)) % {"count": len(pending)},
            messages.SUCCESS,
        )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "pilot_action", "language", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "pilot_action__group", "language"]
    list_select_related = ["pilot_action"]
    search_fields = ["email", "pilot_action__title"]
    autocomplete_fields = ["pilot_action"]
    readonly_fields = ["token", "language", "created_at", "confirmed_at"]
