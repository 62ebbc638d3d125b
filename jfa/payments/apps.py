from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "jfa.payments"
    label = "payments"
