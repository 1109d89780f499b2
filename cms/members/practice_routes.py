"""Members' routes under the address of the best-practice database (/<language>/<database>/...).

PracticeIndexPage includes these patterns in its own routes (a RoutablePageMixin resolver), which
calls each view bound to the page: `view(page, request)`.
"""

from django.urls import path

from cms.members import views


def submit(index_page, request):
    return views.submit_practice_view(request, index_page)


urlpatterns = [path("submit/", submit, name="submit")]
