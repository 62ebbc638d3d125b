from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "jfa.donations"
    label = "donations"
