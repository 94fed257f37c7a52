"""Pages of escalation: follow-ups, complaints, mandates, dossiers (suma.rights.views_escalation),
under /u/<union>/rights/."""

from django.urls import path

from suma.rights import views_escalation as views

R = "requests/<slug:reference>"
C = "complaints/<int:complaint_id>"

urlpatterns = [
    path(f"{R}/follow-up/", views.request_follow_up, name="request_follow_up"),
    path(f"{R}/follow-up/<int:event_id>/letter.pdf", views.followup_pdf, name="followup_pdf"),
    path(f"{R}/complaint/", views.complaint_draft, name="complaint_draft"),
    path(f"{R}/complaint/complaint.pdf", views.complaint_draft_pdf, name="complaint_draft_pdf"),
    path(f"{C}/", views.complaint_detail, name="complaint_detail"),
    path(f"{C}/complaint.pdf", views.complaint_pdf, name="complaint_pdf"),
    path(f"{C}/authority/", views.complaint_authority, name="complaint_authority"),
    path(f"{C}/lodge/", views.complaint_lodge, name="complaint_lodge"),
    path("mandate/", views.mandate, name="mandate"),
    path("mandate/revoke/", views.mandate_revoke, name="mandate_revoke"),
    path("mandate/texts/", views.mandate_texts, name="mandate_texts"),
    path("dossiers/", views.dossier_list, name="dossier_list"),
    path("dossiers/<int:controller_id>/", views.dossier_detail, name="dossier_detail"),
]
