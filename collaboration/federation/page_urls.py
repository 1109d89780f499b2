"""The member's page for joining a group of another site (mounted beside the group pages)."""

from django.urls import path

from . import views

app_name = "collaboration_elsewhere"
urlpatterns = [path("", views.join_elsewhere, name="join")]
