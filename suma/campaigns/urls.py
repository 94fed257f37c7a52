"""The campaign pages of one union, under /u/<union>/campaigns/ (the directory of targets,
shared by every union, is shown from each union's campaigns too)."""

from django.urls import path

from suma.campaigns import views

C = "<slug:campaign_slug>"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("repertoire/", views.union_repertoire, name="union_repertoire"),
    path("targets/", views.organisation_list, name="organisation_list"),
    path("targets/new/", views.organisation_create, name="organisation_create"),
    path("targets/representatives/", views.representative_list, name="representative_list"),
    path("targets/<int:organisation_id>/", views.organisation_detail,
         name="organisation_detail"),
    path("targets/<int:organisation_id>/edit/", views.organisation_edit,
         name="organisation_edit"),
    path(f"{C}/", views.campaign_detail, name="campaign_detail"),
    path(f"{C}/edit/", views.campaign_edit, name="campaign_edit"),
    path(f"{C}/status/", views.campaign_status, name="campaign_status"),
    path(f"{C}/timeline/new/", views.campaign_event_add, name="campaign_event_add"),
    path(f"{C}/sections/new/", views.section_add, name="section_add"),
    path(f"{C}/sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path(f"{C}/sections/<int:section_id>/demands/new/", views.demand_add, name="demand_add"),
    path(f"{C}/demands/<int:demand_id>/edit/", views.demand_edit, name="demand_edit"),
    path(f"{C}/demands/<int:demand_id>/status/", views.demand_status, name="demand_status"),
    path(f"{C}/repertoire/", views.campaign_repertoire, name="campaign_repertoire"),
    path(f"{C}/follow/", views.campaign_follow, name="campaign_follow"),
    path(f"{C}/unsubscribe/<str:token>/", views.campaign_unsubscribe,
         name="campaign_unsubscribe"),
]
