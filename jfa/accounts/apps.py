from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jfa.accounts"
    label = "accounts"
