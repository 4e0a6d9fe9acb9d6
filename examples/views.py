from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from examples import services
from examples.forms import ExampleFilterForm, ExampleForm
from examples.models import Example
from partnership import access
from partnership.pagination import paginate


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@vary_on_headers("HX-Request")
def browse(request: HtmxHttpRequest) -> HttpResponse:
    """The home page: every example the member may see, filtered, searched and sorted."""
    form = ExampleFilterForm(request.GET)
    partial = bool(request.htmx and not request.htmx.history_restore_request)
    template = "examples/browse.html#example-list" if partial else "examples/browse.html"
    if not form.is_valid():
        # Only a hand-edited or outdated link gets here. The page says what is wrong (400); an
        # HTMX swap answers 422, the status htmx is configured to swap, so the message shows.
        status = 422 if partial else 400
        return render(request, template, {"form": form, "page": None}, status=status)
    examples = form.filter(Example.objects.visible_to(request.user)).for_list()
    context = {"form": form, "page": paginate(request, examples), "filtered": form.has_filters()}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def new_example(request: HtmxHttpRequest) -> HttpResponse:
    """Share an example; `?behaviour=<slug>` preselects a behaviour."""
    if request.method != "POST":
        form = ExampleForm(author=request.user, behaviour_slug=request.GET.get("behaviour"))
        return _example_form_response(request, form)
    form = ExampleForm(request.POST, author=request.user)
    if form.is_valid():
        try:
            example = services.post_example(author=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you! Your example is now shared."))
            return _redirect_after_save(request, example)
    return _example_form_response(request, form, status=422)


def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse('example_detail')


@require_http_methods(["GET", "POST"])
def edit_example(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The author edits their example; the previous text is kept as a revision."""
    example = access.get_example_for_edit(request.user, pk)
    if request.method != "POST":
        form = ExampleForm(instance=example, author=request.user)
        return _example_form_response(request, form, example=example)
    form = ExampleForm(request.POST, instance=example, author=request.user)
    if form.is_valid() and not form.has_changed():
        messages.info(request, _("Nothing was changed."))
        return _redirect_after_save(request, example)
    if form.is_valid():
        try:
            example = services.edit_example(
                example=example, editor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your changes are saved."))
            return _redirect_after_save(request, example)
    return _example_form_response(request, form, example=example, status=422)


def _example_form_response(
    request: HtmxHttpRequest,
    form: ExampleForm,
    *,
    example: Example | None = None,
    status: int = 200,
) -> HttpResponse:
    """The sharing/editing page, or just its form when an HTMX post needs corrections."""
    template = "examples/example_form.html"
    if request.method == "POST" and request.htmx:
        template += "#example-form"
    return render(request, template, {"form": form, "example": example}, status=status)


def _redirect_after_save(request: HtmxHttpRequest, example: Example) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(example.get_absolute_url())
    return redirect(example)


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
