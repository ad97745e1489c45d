"""The project's routes as `make run` mounts them, images included, for `make audit` (DEBUG off)."""

from pace_site.urls import development_media_patterns, handler404, handler500, urlpatterns

urlpatterns = development_media_patterns() + urlpatterns
__all__ = ["urlpatterns", "handler404", "handler500"]
