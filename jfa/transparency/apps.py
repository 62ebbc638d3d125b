from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "jfa.transparency"
    label = "transparency"
