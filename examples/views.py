from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def browse(request: HttpRequest) -> HttpResponse:
    return HttpResponse('browse')


def new_example(request: HttpRequest) -> HttpResponse:
    return HttpResponse('new_example')


def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('example_detail')


def edit_example(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('edit_example')


def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('add_comment')


def toggle_inspiring(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('toggle_inspiring')


def report_example(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('report_example')


def hide_example(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('hide_example')


def restore_example(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('restore_example')


def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('edit_comment')


def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('report_comment')


def hide_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('hide_comment')


def restore_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('restore_comment')


def moderation_queue(request: HttpRequest) -> HttpResponse:
    return HttpResponse('moderation_queue')


def resolve_report(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('resolve_report')
