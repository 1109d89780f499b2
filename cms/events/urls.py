"""URLs of cms_events, under the visitor's language prefix."""

from django.urls import path

from . import views

app_name = "cms_events"

urlpatterns = [
    path("<int:page_id>/", views.register, name="register"),
    path("<int:page_id>/coming/", views.coming, name="coming"),
    path("r/<str:token>/", views.manage, name="manage"),
    path("r/<str:token>/cancel/", views.cancel, name="cancel"),
]
