"""All URLs: pages, accounts (django-allauth), the REST API under /api/v1."""

from django.contrib import admin
from django.urls import include, path

from suma.api.api import api
from suma.core import views as core
from suma.members import views as members

handler400 = "suma.core.views.error_400"
handler403 = "suma.core.views.error_403"
handler404 = "suma.core.views.error_404"
handler500 = "suma.core.views.error_500"

urlpatterns = [
    path("", members.home, name="home"),
    path("dashboard/", members.dashboard, name="dashboard"),
    path("accounts/", include("allauth.urls")),
    path("language/", core.language_set, name="language_set"),
    path("notifications/", core.notification_list, name="notification_list"),
    path("notifications/read/", core.notification_mark_read, name="notification_mark_read"),
    path("notifications/settings/", core.notification_preferences,
         name="notification_preferences"),
    path("notifications/unsubscribe/<str:token>/", core.notification_unsubscribe,
         name="notification_unsubscribe"),
    path("settings/tokens/", core.token_list, name="token_list"),
    path("audit/", core.audit_log, name="audit_log"),
    path("audit/export/", core.audit_export, name="audit_export"),
    path("join/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("u/<slug:union_slug>/", members.union_detail, name="union_detail"),
    path("u/<slug:union_slug>/me/", members.membership_settings, name="membership_settings"),
    path("u/<slug:union_slug>/decisions/", include("suma.governance.urls")),
    path("u/<slug:union_slug>/campaigns/", include("suma.campaigns.urls")),
    path("u/<slug:union_slug>/petitions/", include("suma.tactics.petitions.urls")),
    path("u/<slug:union_slug>/pledges/", include("suma.tactics.pledges.urls")),
    path("u/<slug:union_slug>/letters/", include("suma.tactics.letters.urls")),
    path("u/<slug:union_slug>/rights/", include("suma.rights.urls")),
    path("u/<slug:union_slug>/c/<slug:chapter_slug>/", members.chapter_detail,
         name="chapter_detail"),
    path("u/<slug:union_slug>/c/<slug:chapter_slug>/apply/", members.chapter_apply,
         name="chapter_apply"),
    path("u/<slug:union_slug>/c/<slug:chapter_slug>/leave/", members.chapter_leave,
         name="chapter_leave"),
    path("u/<slug:union_slug>/c/<slug:chapter_slug>/applications/", members.application_list,
         name="application_list"),
    path("u/<slug:union_slug>/c/<slug:chapter_slug>/applications/<int:application_id>/",
         members.application_decide, name="application_decide"),
    path("u/<slug:union_slug>/c/<slug:chapter_slug>/invitations/", members.invitation_manage,
         name="invitation_manage"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
