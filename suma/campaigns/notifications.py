"""The notification category for campaigns and their tactics."""

from django.utils.translation import gettext_lazy as _

from suma.core.notifications import register_category

register_category("campaigns", _("Campaigns I take part in: milestones, activations, deadlines"))
