"""Members' URLs (under /<language>/membership/): joining, fees, contact, co-signing, accounts."""

from django.urls import path

from cms.members import views
from cms.privacy import views as privacy_views

app_name = "members"

urlpatterns = [
    path("", views.account_view, name="account"),
    path("time-zone/", views.time_zone_view, name="time_zone"),
    path("join/", views.apply_view, name="apply"),
    path("join/thanks/", views.apply_done_view, name="apply_done"),
    path("fee.json", views.fee_json, name="fee_json"),
    path("contact/<int:page_id>/", views.contact_view, name="contact"),
    path("cosign/<int:page_id>/", views.cosign_view, name="cosign"),
    path("login/", views.MemberLoginView.as_view(), name="login"),
    path("logout/", views.MemberLogoutView.as_view(), name="logout"),
    path("my-data/", privacy_views.export_view, name="privacy_export"),
    path("erase/", privacy_views.erase_view, name="privacy_erase"),
    path("password/reset/", views.MemberPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views.MemberPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/<uidb64>/<token>/",
        views.MemberPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
