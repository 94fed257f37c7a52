"""The petition pages of one union, under /u/<union>/petitions/."""

from django.urls import path

from suma.tactics.petitions import views

urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("new/", views.petition_create, name="petition_create"),
    path("<slug:slug>/", views.petition_detail, name="petition_detail"),
    path("<slug:slug>/sign/", views.petition_sign, name="petition_sign"),
    path("<slug:slug>/confirm/<str:token>/", views.signature_confirm, name="signature_confirm"),
    path("<slug:slug>/withdraw/", views.signature_withdraw, name="signature_withdraw"),
    path("<slug:slug>/withdraw/<str:token>/", views.signature_withdraw_link,
         name="signature_withdraw_link"),
    path("<slug:slug>/edit/", views.petition_edit, name="petition_edit"),
    path("<slug:slug>/status/", views.petition_status, name="petition_status"),
    path("<slug:slug>/review/", views.signature_review, name="signature_review"),
    path("<slug:slug>/delivery/", views.petition_delivery, name="petition_delivery"),
    path("<slug:slug>/letter.pdf", views.petition_letter, name="petition_letter"),
    path("<slug:slug>/signatures.csv", views.petition_signatures_csv,
         name="petition_signatures_csv"),
]
