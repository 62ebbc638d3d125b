from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/setup/", views.page_setup, name="page_setup"),
]
