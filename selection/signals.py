"""An Application is a PilotAction seen through a proxy model; Django sends its signals with the proxy as
sender, so the pilot action's own receivers (the audit trail, the maps) would never hear of a decision.
These forward them."""

from django.db.models.signals import post_delete, post_save, pre_delete

from projects.models import PilotAction
from selection.models import Application


def forward_to_pilot_action(signal):
    def forward(sender, **kwargs):
        kwargs.pop("signal", None)
        signal.send(sender=PilotAction, **kwargs)

    return forward


for model_signal in (post_save, pre_delete, post_delete):
    model_signal.connect(forward_to_pilot_action(model_signal), sender=Application, weak=False)
