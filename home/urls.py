from django.urls import path, re_path

from . import views

app_name = "home"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("feeds/news.rss", views.news_rss, name="news_rss"),
    path("feeds/news.atom", views.news_atom, name="news_atom"),
    path("feeds/stories.rss", views.stories_rss, name="stories_rss"),
    # Public pages, cache first. The platform's `wagtail_serve` pattern, answered in front of it
    # (this file is included before it; reversing that name still works), except for the
    # document and password routes that follow this file in the platform's URLs.
    re_path(r"^(?!documents/|_util/)((?:[\w\-]+/)*)$", views.serve_page, name="serve_page"),
]
