"""The member's pages for groups of other sites: joining one, and what those sites see of them
(mounted beside the group pages)."""

from django.urls import path

from . import views

app_name = "collaboration_elsewhere"
urlpatterns = [
    path("", views.join_elsewhere, name="join"),
    path("profile/", views.public_profile_page, name="profile"),
    path("invite/<slug:slug>/", views.invite_elsewhere, name="invite"),
]
