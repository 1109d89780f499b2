"""URLs of cms_bulletins, under the visitor's language prefix."""

app_name = "cms_bulletins"

urlpatterns = []
