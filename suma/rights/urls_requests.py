"""Pages of requests and drives (suma.rights.views), under /u/<union>/rights/."""

from django.urls import path

from suma.rights import views

R = "requests/<slug:reference>"
D = "drives/<slug:slug>"

urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path(f"{R}/", views.request_detail, name="request_detail"),
    path(f"{R}/send/", views.request_send, name="request_send"),
    path(f"{R}/sent/", views.request_mark_sent, name="request_mark_sent"),
    path(f"{R}/acknowledged/", views.request_acknowledge, name="request_acknowledge"),
    path(f"{R}/extended/", views.request_extend, name="request_extend"),
    path(f"{R}/answer/", views.request_answer, name="request_answer"),
    path(f"{R}/reply/", views.request_reply, name="request_reply"),
    path(f"{R}/replies/<int:reply_id>/", views.reply_download, name="reply_download"),
    path(f"{R}/remind/", views.request_remind, name="request_remind"),
    path(f"{R}/withdraw/", views.request_withdraw, name="request_withdraw"),
    path(f"{R}/letter.pdf", views.request_letter_pdf, name="request_letter_pdf"),
    path(f"{R}/reminder.pdf", views.request_reminder_pdf, name="request_reminder_pdf"),
    path("drives/", views.drive_list, name="drive_list"),
    path("drives/new/", views.drive_create, name="drive_create"),
    path(f"{D}/", views.drive_detail, name="drive_detail"),
    path(f"{D}/join/", views.drive_join, name="drive_join"),
    path(f"{D}/status/", views.drive_status, name="drive_status"),
    path(f"{D}/dashboard/", views.drive_dashboard, name="drive_dashboard"),
    path(f"{D}/letters/", views.drive_letters_start, name="drive_letters_start"),
    path(f"{D}/letters.zip", views.drive_letters_download, name="drive_letters_download"),
    path("dashboard/", views.rights_dashboard, name="rights_dashboard"),
    path("league/", views.league_table, name="league_table"),
]
