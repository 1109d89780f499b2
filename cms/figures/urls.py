"""URLs of cms_figures, under the visitor's language prefix (the public page is a Wagtail page)."""

from django.urls import path

from cms.figures import views

app_name = "cms_figures"

urlpatterns = [
    path("questionnaire/", views.questionnaire, name="questionnaire"),
    path("open-data.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data.json", views.open_data_json, name="open_data_json"),
]
