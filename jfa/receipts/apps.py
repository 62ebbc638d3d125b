from django.apps import AppConfig


class ReceiptsConfig(AppConfig):
    name = "jfa.receipts"
    label = "receipts"
