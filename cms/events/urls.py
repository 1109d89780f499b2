"""URLs of cms_events, under the visitor's language prefix."""

app_name = "cms_events"

urlpatterns = []
