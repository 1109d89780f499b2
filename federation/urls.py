"""Federation endpoints: WebFinger, NodeInfo, actors, inboxes, collections."""

from django.urls import path

from . import views

app_name = "federation"
urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/host-meta", views.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", views.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.1", views.nodeinfo, name="nodeinfo"),
    path("ap/inbox", views.shared_inbox, name="shared_inbox"),
    path("ap/actors/<str:username>", views.actor, name="actor"),
    path("ap/actors/<str:username>/inbox", views.actor_inbox, name="inbox"),
    path("ap/actors/<str:username>/outbox", views.outbox, name="outbox"),
    path("ap/actors/<str:username>/followers", views.followers, name="followers"),
    path("ap/actors/<str:username>/following", views.following, name="following"),
    path("ap/objects/<uuid:uuid>", views.federated_object, name="object"),
    path("ap/activities/<uuid:uuid>", views.activity_view, name="activity"),
]
