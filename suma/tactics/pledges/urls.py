"""The pledge and strike pages of one union, under /u/<union>/pledges/."""

from django.urls import path

from suma.tactics.pledges import views

urlpatterns = [
    path("", views.pledge_list, name="pledge_list"),
    path("new/", views.pledge_create, name="pledge_create"),
    path("<int:pledge_id>/", views.pledge_detail, name="pledge_detail"),
    path("<int:pledge_id>/edit/", views.pledge_edit, name="pledge_edit"),
    path("<int:pledge_id>/launch/", views.pledge_launch, name="pledge_launch"),
    path("<int:pledge_id>/pledge/", views.pledge_sign, name="pledge_sign"),
    path("<int:pledge_id>/withdraw/", views.pledge_withdraw, name="pledge_withdraw"),
    path("<int:pledge_id>/check-in/", views.pledge_check_in, name="pledge_check_in"),
    path("<int:pledge_id>/follow-up/", views.pledge_followup, name="pledge_followup"),
]
