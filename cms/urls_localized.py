"""Site URLs that carry the visitor's language (search, feeds, calendars)."""

from django.urls import include, path

from cms import feeds, views

app_name = "cms"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("feeds/news/rss/", feeds.NewsFeed(), name="news_rss"),
    path("feeds/news/atom/", feeds.AtomNewsFeed(), name="news_atom"),
    path("calendar/events.ics", feeds.events_calendar, name="events_ical"),
    path("calendar/<int:page_id>.ics", views.event_calendar, name="event_ical"),
    path("membership/", include("cms.members.urls")),
    path("registration/", include("cms.events.urls")),
    path("bulletin/", include("cms.bulletins.urls")),
    path("figures/", include("cms.figures.urls")),
]
