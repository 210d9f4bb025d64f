from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from workspace.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Saving a new invitation creates the account and emails the link; the action sends it again.

    Editing changes what the account coordinates, without an email; a new address goes to a new account."""

    list_display = [
        "email",
        "first_name",
        "last_name",
        "language",
        "accepted",
        "sent_count",
        "last_sent_at",
        "invited_by",
    ]
    list_select_related = ["user", "invited_by"]
    search_fields = ["email", "first_name", "last_name", "pilot_actions__title"]
    autocomplete_fields = ["pilot_actions"]
    readonly_fields = ["user", "invited_by", "sent_count", "last_sent_at", "created_at"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The interface's languages (the model keeps a code, so that adding a language needs no migration).
        if db_field.name == "language":
            return forms.ChoiceField(
                choices=settings.LANGUAGES,
                required=False,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # By default the invitation is written in the language staff work in when they invite.
        return {"language": get_language(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        # Not chosen (a form sent without it keeps the model's default): the language staff invite in, the request's.
        if not change and not form.data.get("language"):
            obj.language = get_language()
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description=_("accepted"))
    def accepted(self, invitation):
        return invitation.accepted

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invitation = form.instance
        if not change:
            invitation.send(invited_by=request.user)
            sent = True
        else:
            # model_to_dict's initial value of a many-to-many field: the pilot actions before the edit.
            previous = form.initial.get("pilot_actions", [])
            sent = invitation.apply_edit(previous, "email" in form.changed_data, invited_by=request.user)
        if sent:
            self.message_user(
                request, _("The invitation to %(email)s is on its way.") % {"email": invitation.email}, messages.SUCCESS
            )
        else:
            self.message_user(
                request,
                _(
                    "The changes are saved and %(email)s coordinates what the invitation now names; no email was "
                    "sent. To send the invitation again, use the action in the list."
                )
                % {"email": invitation.email},
                messages.INFO,
            )

    @admin.action(description=_("Send the invitation email again"))
    def send_again(self, request, queryset):
        for invitation in queryset:
            invitation.send(invited_by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d invitation sent again.", "%(count)d invitations sent again.", count) % {"count": count},
            messages.SUCCESS,
        )
