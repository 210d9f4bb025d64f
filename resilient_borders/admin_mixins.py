class ReadOnlyAdminMixin:
    """For records written by the portal itself (decisions, scores as exported, the email outbox):
    admin shows them and never adds, edits or deletes one, so the record stays what happened."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
