"""The limit of bench/petitions_signing.py: a Django endpoint doing one INSERT, nothing else."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

TABLE = "bench_petitions_limit"


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (v) VALUES (%s)", [request.POST.get("v", "")])
    return HttpResponse(status=201)


def ready(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("insert/", insert), path("api/v1/unions/", ready)]
