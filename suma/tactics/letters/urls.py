"""The letter pages of one union, under /u/<union>/letters/."""

from django.urls import path

from suma.tactics.letters import views

urlpatterns = [
    path("", views.letter_campaign_list, name="letter_campaign_list"),
    path("new/", views.letter_campaign_create, name="letter_campaign_create"),
    path("where-i-live/", views.constituent_edit, name="constituent_edit"),
    path("<int:pk>/", views.letter_campaign_detail, name="letter_campaign_detail"),
    path("<int:pk>/edit/", views.letter_campaign_edit, name="letter_campaign_edit"),
    path("<int:pk>/status/", views.letter_campaign_status, name="letter_campaign_status"),
    path("<int:pk>/to/<int:representative_id>/", views.letter_write, name="letter_write"),
    path("<int:pk>/letters/<int:letter_id>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/letters/<int:letter_id>/reply/", views.letter_reply, name="letter_reply"),
    path("<int:pk>/letters/<int:letter_id>/replies/<int:reply_id>/file", views.reply_file,
         name="reply_file"),
    path("<int:pk>/letters/<int:letter_id>/did-they-reply/", views.letter_questionnaire,
         name="letter_questionnaire"),
]
