from django.urls import path

from . import bench_views

urlpatterns = [
    path("insert/", bench_views.insert_one_row, name="bench_insert"),
    path("trivial/", bench_views.trivial, name="bench_trivial"),
]
