from django.urls import path

from . import views

app_name = "transparency"
urlpatterns = [
    path("", views.report, name="report"),
    path("gift/", views.lookup, name="lookup"),
    path("gift/references/", views.gift_references, name="gift_references"),
    path("chain/<int:number>.csv", views.chain_file, name="chain_file"),
]
