from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "suma.api"
    label = "api"
    verbose_name = "API"
