"""What members hear of escalation: a complaint the union lodged for them, by their mandate.
Sent as a digest: a dossier of thousands of requests makes one email per member, not a burst."""

from django.utils.translation import gettext_lazy as _

from suma.core.notifications import register_category

register_category("rights_complaints", _("Complaints the union lodges for me under my mandate"),
                  digest=True)
