"""WebSocket routes of the live discussion."""

from django.urls import path

from .consumer import GroupConsumer

websocket_urlpatterns = [
    path("ws/groups/<slug:slug>/", GroupConsumer.as_asgi()),
]
