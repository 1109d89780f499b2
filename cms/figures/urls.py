"""URLs of cms_figures, under the visitor's language prefix."""

app_name = "cms_figures"

urlpatterns = []
