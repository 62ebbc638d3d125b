from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "jfa.casework"
    label = "casework"
