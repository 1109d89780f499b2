"""Protocol endpoints of groups across sites, language-neutral (mounted at the site's root)."""

from django.urls import path

from . import views

app_name = "collaboration_federation"
urlpatterns = [
    path("ap/groups", views.groups_collection, name="groups"),
    path("ap/messages/<int:pk>", views.message_object, name="message"),
    path("ap/topics/<int:pk>", views.topic_context, name="topic"),
    path("ap/wg/<str:username>/log", views.group_log, name="log"),
    path("ap/wg/<str:username>/moderators", views.group_moderators, name="moderators"),
]
