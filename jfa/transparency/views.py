from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def report(request: HttpRequest) -> HttpResponse:
    return render(request, "transparency/report.html", {})
