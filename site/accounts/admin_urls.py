from django.urls import path

from . import views

app_name = "accounts_admin"

urlpatterns = [
    path("invite/", views.invite, name="invite"),
]
