from wagtail import hooks

from .workspace import PaymentViewSet


@hooks.register("register_admin_viewset")
def register_payments():
    return PaymentViewSet("payments_payments")
