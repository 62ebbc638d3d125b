from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "jfa.ledger"
    label = "ledger"
