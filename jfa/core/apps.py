from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jfa.core"
    label = "core"
