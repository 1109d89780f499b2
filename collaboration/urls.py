"""Working-group pages and their JSON endpoints."""

from django.urls import path

from . import views

app_name = "collaboration"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("mentions/", views.mentions, name="mentions"),
    path("search/", views.search, name="search"),
    path("unread.json", views.unread_json, name="unread"),
    path("direct/<str:username>/", views.open_direct, name="direct"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/messages.json", views.history_json, name="history"),
    path("<slug:slug>/messages/<int:message_id>/history/", views.message_history, name="edits"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/", views.manage_members, name="members"),
]
