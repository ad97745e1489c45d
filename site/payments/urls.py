from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("my/payments/", views.my_payments, name="mine"),
    path("my/payments/<id:pk>/", views.my_payment, name="detail"),
]
