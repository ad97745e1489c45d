"""The parent's questions in the portal."""

from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "outcomes"

urlpatterns = [
    path("my/questions/", views.my_questions, name="my_questions"),
    path("my/questions/answers/", views.my_answers, name="my_answers"),
    path("my/questions/<id:pk>/", views.questionnaire, name="questionnaire"),
    path("my/questions/<id:pk>/not-today/", views.put_off, name="put_off"),
    path("my/questions/<id:pk>/thank-you/", views.thanks, name="thanks"),
]
