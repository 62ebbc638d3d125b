from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("sandbox/authorize/<uuid:public_id>/", views.sandbox_authorize, name="sandbox_authorize"),
]
