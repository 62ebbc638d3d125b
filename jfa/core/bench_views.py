"""Baselines for the benchmarks in bench/: mounted only when BENCHMARK_VIEWS is on."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def insert_one_row(request: HttpRequest) -> HttpResponse:
    """The least a gift could cost: one row inserted in one transaction."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_baseline (note) VALUES (%s)", ["x"])
    return HttpResponse("ok")


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")
