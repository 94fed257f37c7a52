"""The decision pages of one union, under /u/<union>/decisions/."""

from django.urls import path

from suma.governance import views

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("new/", views.proposal_create, name="proposal_create"),
    path("delegation/", views.delegation, name="delegation"),
    path("adopted/", views.adopted_texts, name="adopted_texts"),
    path("settings/", views.decision_settings, name="decision_settings"),
    path("<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path("<int:proposal_id>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:proposal_id>/publish/", views.proposal_publish, name="proposal_publish"),
    path("<int:proposal_id>/comment/", views.comment_add, name="comment_add"),
    path("<int:proposal_id>/open/", views.proposal_open_vote, name="proposal_open_vote"),
    path("<int:proposal_id>/vote/", views.ballot_cast, name="ballot_cast"),
    path("<int:proposal_id>/receipt/", views.ballot_receipt, name="ballot_receipt"),
    path("<int:proposal_id>/results/", views.proposal_results, name="proposal_results"),
    path("<int:proposal_id>/bulletin/", views.bulletin, name="bulletin"),
    path("<int:proposal_id>/bulletin.<slug:fmt>", views.bulletin_export, name="bulletin_export"),
    path("<int:proposal_id>/ballots.<slug:fmt>", views.ballots_export, name="ballots_export"),
]
