from django.urls import path

from . import views

app_name = "transparency"
urlpatterns = [
    path("", views.report, name="report"),
    path("gift/", views.lookup, name="lookup"),
]
