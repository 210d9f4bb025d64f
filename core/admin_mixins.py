from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """For records written by the portal itself (decisions, scores as exported, the email outbox):
    admin shows them and never adds, edits or deletes one, so the record stays what happened."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's History pages held to the admin's own rules; every history-enabled admin uses it.

    Upstream, a version's page loads the row from the history table without the admin's queryset and
    saves whatever is posted to it without asking for the change permission (django-simple-history
    issue 1362), and the list of versions falls back to the history of rows the admin hides. Here:

    - both pages show only an object the admin's own queryset shows (else the admin's usual "does not
      exist" redirect), to whoever may view it and holds the history model's view permission
      (``SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS``: programme staff do, jurors do not);
    - nothing is ever reverted: any method but GET answers 405, a version is shown read-only, and the
      audit trail stays a record of what happened rather than a second way to edit.
    """

    def has_change_history_permission(self, request, obj=None):
        return False

    def _refuse_history(self, request, object_id):
        """The admin's usual answer for an object this user may not see the history of, or None."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_or_change_permission(request, obj) and self.has_view_history_permission(request, obj)):
            raise PermissionDenied
        return None

    @method_decorator(require_safe)
    def history_view(self, request, object_id, extra_context=None):
        return self._refuse_history(request, object_id) or super().history_view(request, object_id, extra_context)

    @method_decorator(require_safe)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._refuse_history(request, object_id) or super().history_form_view(
            request, object_id, version_id, extra_context
        )

    def render_history_view(self, request, template, context, **kwargs):
        """A version is shown, not offered for editing: every field read-only, as on a view-only change page."""
        adminform = context.get("adminform")
        if adminform is not None:
            context["adminform"] = helpers.AdminForm(
                adminform.form,
                list(adminform.fieldsets),
                {},
                readonly_fields=flatten_fieldsets(adminform.fieldsets),
                model_admin=self,
            )
        return super().render_history_view(request, template, context, **kwargs)
