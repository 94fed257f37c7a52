"""Pages of data-rights requests, drives and escalation, under /u/<union>/rights/."""

from suma.rights.urls_escalation import urlpatterns as escalation
from suma.rights.urls_requests import urlpatterns as requests

urlpatterns = [*requests, *escalation]
