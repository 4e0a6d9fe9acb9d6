from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from behaviours.dashboards.caching import cached_figures
from behaviours.dashboards.privacy import counted_ids, left_out_sentence, organisations_with_size
from examples import access, caching, quotas, services
from examples.forms import (
    CommentForm,
    ExampleFilterForm,
    ExampleForm,
    ModerationReasonForm,
    ReportForm,
)
from examples.models import (
    SORT_KEYS,
    Comment,
    Example,
    Reaction,
    Report,
)
from examples.views.queue import moderation_queue, resolve_report
from partnership.http import HtmxHttpRequest, wants_fragment
from partnership.pagination import RESULT_COUNT_CAP, Page, paginate, status_of

__all__ = ["moderation_queue", "resolve_report"]  # the queue's views live in queue.py

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User


HAS_SHARED_SESSION_KEY = "has_shared_an_example"


@require_GET
@vary_on_headers("HX-Request")
def browse(request: HtmxHttpRequest) -> HttpResponse:
    """The home page: every example the member may see, filtered, searched and sorted."""
    form = ExampleFilterForm(request.GET, known=caching.choices(request))
    partial = wants_fragment(request)
    template = "examples/browse.html#example-list" if partial else "examples/browse.html"
    if not form.is_valid():
        # Only a hand-edited or outdated link gets here. The page says what is wrong (400); an
        # HTMX swap answers 422, the status htmx is configured to swap, so the message shows.
        status = 422 if partial else 400
        return render(request, template, {"form": form, "page": None}, status=status)
    examples = form.filter(Example.objects.visible_to(request.user).for_cards())
    page = paginate(request, examples, keys=SORT_KEYS.get(form.sort_order(), SORT_KEYS["newest"]))
    filtered = form.has_filters()
    context = {
        "form": form,
        "page": caching.cards(page, request),
        "filtered": filtered,
        # Only the full page shows the form; an HTMX swap replaces the results alone.
        "filter_form": "" if partial else caching.filter_form(form, request),
        # Only a filtered list is counted: the home page keeps its queries.
        **(_found(request, form) if filtered else {"found": None}),
        "found_cap": RESULT_COUNT_CAP,
        # A member who has shared nothing yet is welcomed and invited to share a first example.
        "first_visit": not partial and not filtered and not _has_shared(request),
    }
    return render(request, template, context, status=status_of(request, page))


def _has_shared(request: HtmxHttpRequest) -> bool:
    """Whether the member ever shared an example. Examples are never deleted, so once true it
    stays true: the session remembers it and the home page asks the database no more."""
    if request.session.get(HAS_SHARED_SESSION_KEY):
        return True
    shared = Example.objects.filter(author=request.user).exists()
    if shared:
        request.session[HAS_SHARED_SESSION_KEY] = True
    return shared


def _found(request: HtmxHttpRequest, form: ExampleFilterForm) -> dict[str, Any]:
    """How many examples the filters found, counted as every figure is (issue 11): examples by
    organisations under the privacy floor are left out, so a filter on such an organisation
    never prints its count; the page then says why in the shared sentence. The organisations'
    sizes are the dashboards' cached figures (they move with the "structure" version); the
    count is examples.caching.found's."""
    organisations = cached_figures(
        "organisations", ("structure",), organisations_with_size, version=caching.versions(request)
    )
    return {
        "found": caching.found(request, form, counted_ids(organisations)),
        "left_out": left_out_sentence(organisations),
    }


@require_http_methods(["GET", "POST"])
def new_example(request: HtmxHttpRequest) -> HttpResponse:
    """Share an example; `?behaviour=<slug>` preselects a behaviour."""
    if request.method != "POST":
        form = ExampleForm(author=request.user, behaviour_slug=request.GET.get("behaviour"))
        return _example_form_response(request, form)
    form = ExampleForm(request.POST, author=request.user)
    if form.is_valid():
        try:
            with quotas.within_quota(request.user, quotas.Action.EXAMPLES):
                example = services.post_example(
                    author=request.user,
                    submission_key=form.cleaned_data.get("submission_key"),
                    **form.service_kwargs(),
                )
        except quotas.QuotaExceeded as exceeded:
            # The member's text stays in the form, so nothing written is lost.
            form.add_error(None, exceeded.message)
            return _over_quota(_example_form_response(request, form, status=429), exceeded)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you! Your example is now shared."))
            return _redirect_after_save(request, example)
    return _example_form_response(request, form, status=422)


@require_GET
@vary_on_headers("HX-Request")
def example_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The story, its inspiring toggle, the comment thread and the moderation controls.

    A long thread comes in pages of COMMENTS_PAGE_SIZE, oldest first: `?comments_after=<cursor>`
    shows the next ones (as a page, or for HTMX only those comments and the next link).
    """
    row = access.get_example_keys_for_view(request.user, pk)
    more = wants_fragment(request) and request.GET.get("comments_after")
    template = "examples/example_detail.html" + ("#more-comments" if more else "")
    thread = _thread(request, row)
    # The head and story, cached (examples/caching.py); None if hidden since the first query.
    example = row if more else caching.detail(row, request)
    if example is None:
        raise Http404
    if thread.broken and more:
        # A hand-made or outdated link: the swap says so in place of the next comments.
        context = {"example": example, "comments": [], "broken_link": True}
    else:
        context = _detail_context(request, example, thread=thread)
    return render(request, template, context, status=status_of(request, thread))


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
            with quotas.within_quota(request.user, quotas.Action.EDITS):
                example = services.edit_example(
                    example=example, editor=request.user, **form.service_kwargs()
                )
        except quotas.QuotaExceeded as exceeded:
            form.add_error(None, exceeded.message)
            response = _example_form_response(request, form, example=example, status=429)
            return _over_quota(response, exceeded)
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


@require_POST
@vary_on_headers("HX-Request")
def add_comment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Post a comment; an HTMX post gets the emptied form, the new comment and the count."""
    example = access.get_example_for_view(request.user, pk)
    form = CommentForm(request.POST)
    partial = wants_fragment(request)
    if not form.is_valid():
        return _comment_form_response(request, example, form, status=422)
    try:
        with quotas.within_quota(request.user, quotas.Action.COMMENTS):
            comment = services.post_comment(
                example=example,
                author=request.user,
                body=form.cleaned_data["body"],
                submission_key=form.cleaned_data.get("submission_key"),
            )
    except quotas.QuotaExceeded as exceeded:
        form.add_error(None, exceeded.message)
        return _over_quota(_comment_form_response(request, example, form, status=429), exceeded)
    if not partial:
        messages.success(request, _("Your comment is posted."))
        return redirect(f"{example.get_absolute_url()}#comment-{comment.pk}")
    example.refresh_from_db(fields=["comment_count"])
    _as_seen_by(request.user, comment)
    others = Comment.objects.visible_to(request.user).filter(example=example).exclude(pk=comment.pk)
    blank = CommentForm()
    context = {
        "example": example,
        "comment": comment,
        "comment_form": blank,
        "comment_body": caching.comment_body_field(blank),
        "posted": True,
        "first_comment": not others.exists(),
    }
    return render(request, "examples/example_detail.html#comment-posted", context)


def _comment_form_response(
    request: HtmxHttpRequest, example: Example, form: CommentForm, *, status: int
) -> HttpResponse:
    """The comment form with its errors: alone for HTMX, else on the whole page."""
    if wants_fragment(request):
        context = {"example": example, "comment_form": form}
        return render(request, "examples/example_detail.html#comment-form", context, status=status)
    context = _detail_context(request, example, comment_form=form)
    return render(request, _DETAIL, context, status=status)


@require_POST
@vary_on_headers("HX-Request")
def toggle_inspiring(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Mark the example as inspiring or take the mark back.

    Authors cannot mark their own example (403): the count ranks examples by how much they
    inspired others.
    """
    example = access.get_example_for_view(request.user, pk)
    if not access.can_react(request.user, example):
        raise PermissionDenied
    try:
        with quotas.within_quota(request.user, quotas.Action.REACTIONS):
            state = services.toggle_reaction(example=example, member=request.user)
            quotas.record_reaction_toggle(request.user)
    except quotas.QuotaExceeded as exceeded:
        # The button shows the unchanged state with the message beside it; only the full page
        # needs the thread.
        if wants_fragment(request):
            context = {
                "example": example,
                "reaction": _reaction_state(request.user, example),
                "can_react": True,
            }
            template = "examples/example_detail.html#inspiring"
        else:
            context = _detail_context(request, example)
            template = _DETAIL
        context["quota_message"] = exceeded.message
        return _over_quota(render(request, template, context, status=429), exceeded)
    if not wants_fragment(request):
        return redirect(example)
    context = {"example": example, "reaction": state, "can_react": True}
    return render(request, "examples/example_detail.html#inspiring", context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def report_example(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    example = access.get_example_for_view(request.user, pk)
    return _report(request, example)


@require_http_methods(["GET", "POST"])
def hide_example(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_moderator(request.user)
    return _moderate(request, access.get_example_for_view(request.user, pk), hide=True)


@require_http_methods(["GET", "POST"])
def restore_example(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_moderator(request.user)
    return _moderate(request, access.get_example_for_view(request.user, pk), hide=False)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def edit_comment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The author rewrites their comment; the previous text is kept as a revision.

    With HTMX the form replaces the comment in the thread and a save swaps the comment back.
    """
    comment = access.get_comment_for_edit(request.user, pk)
    partial = wants_fragment(request)
    form = CommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    status = 422 if request.method == "POST" else 200
    exceeded: quotas.QuotaExceeded | None = None
    if request.method == "POST" and form.is_valid():
        try:
            with quotas.within_quota(request.user, quotas.Action.EDITS):
                services.edit_comment(
                    comment=comment, editor=request.user, body=form.cleaned_data["body"]
                )
        except quotas.QuotaExceeded as over_quota:
            form.add_error(None, over_quota.message)
            exceeded, status = over_quota, 429
    if request.method == "POST" and form.is_valid() and exceeded is None:
        if not partial:
            messages.success(request, _("Your comment is saved."))
            return redirect(comment.get_absolute_url())
        comment = Comment.objects.for_thread().select_related("example").get(pk=comment.pk)
        _as_seen_by(request.user, comment)
        return render(request, "examples/example_detail.html#comment", {"comment": comment})
    template = (
        "examples/comment_edit.html#comment-edit" if partial else "examples/comment_edit.html"
    )
    context = {"comment": comment, "example": comment.example, "form": form}
    response = render(request, template, context, status=status)
    return _over_quota(response, exceeded) if exceeded else response


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def report_comment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for_view(request.user, pk)
    return _report(request, comment)


@require_http_methods(["GET", "POST"])
def hide_comment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_moderator(request.user)
    return _moderate(request, access.get_comment_for_view(request.user, pk), hide=True)


@require_http_methods(["GET", "POST"])
def restore_comment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_moderator(request.user)
    return _moderate(request, access.get_comment_for_view(request.user, pk), hide=False)


# --- Example detail, discussion, reports and moderation -----------------------------------

_DETAIL = "examples/example_detail.html"


def _thread(request: HtmxHttpRequest, example: Example) -> Page:
    """The page of comments this member may see that `?comments_after=` asks for, oldest first.

    Each comment knows whether the member wrote it and may edit it (a rendered comment is
    cached by both). A broken link still shows the first comments on the example's page.
    """
    user = request.user
    thread = Comment.objects.in_thread(example, user).for_thread_keys()
    size = settings.COMMENTS_PAGE_SIZE
    page = paginate(request, thread, ascending=True, prefix="comments_", per_page=size)
    if page.broken and not wants_fragment(request):
        first = QueryDict()
        page = paginate(
            request, thread, ascending=True, prefix="comments_", per_page=size, params=first
        )
        page.broken = True
    for comment in page.object_list:
        comment.example = example  # already loaded: links to the comment need no query
        _as_seen_by(user, comment)
    page.object_list = caching.comments(list(page.object_list), request)
    return page


def _as_seen_by(user: User | AnonymousUser, comment: Comment) -> Comment:
    """Mark what this member may do with the comment (the thread's cached HTML is keyed by it)."""
    comment.can_edit = access.can_edit(user, comment)  # type: ignore[attr-defined]
    comment.by_viewer = comment.author_id == user.pk  # type: ignore[attr-defined]
    return comment


def _detail_context(
    request: HtmxHttpRequest,
    example: Example,
    *,
    comment_form: CommentForm | None = None,
    thread: Page | None = None,
) -> dict[str, Any]:
    user = request.user
    comment_form = comment_form or CommentForm()
    if thread is None:
        thread = _thread(request, example)
    return {
        "example": example,
        "comments": thread.object_list,
        "comments_after": not thread.is_first and not thread.broken,
        "more_comments": thread.next_url,
        "broken_link": thread.broken,
        "comment_form": comment_form,
        "comment_body": caching.comment_body_field(comment_form),
        "can_edit": access.can_edit(user, example),
        "can_react": access.can_react(user, example),
        "reaction": _reaction_state(user, example),
    }


def _reaction_state(user: User | AnonymousUser, example: Example) -> services.ReactionState:
    """Whether the member found the example inspiring, and how many did."""
    reacted = getattr(example, "reacted", None)  # ExampleQuerySet.for_detail_keys() knows
    if reacted is None:
        reacted = Reaction.objects.filter(example=example, member_id=user.pk).exists()
    return services.ReactionState(reacted=reacted, count=example.reaction_count)


def _report(request: HtmxHttpRequest, item: Example | Comment) -> HttpResponse:
    """Show and handle the report form for an example or a comment (one report per member)."""
    if item.author_id == request.user.pk:
        raise PermissionDenied  # reporting your own words makes no sense; edit them instead
    is_example = isinstance(item, Example)
    name = "examples:report_example" if is_example else "examples:report_comment"
    action_url = reverse(name, args=[item.pk])
    already = Report.objects.filter(reporter=request.user, **services.about(item)).exists()
    partial = wants_fragment(request)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    done = ""
    exceeded: quotas.QuotaExceeded | None = None
    if request.method == "POST" and not already:
        if form.is_valid():
            try:
                with quotas.within_quota(request.user, quotas.Action.REPORTS):
                    services.report_content(
                        reporter=request.user, reason=form.cleaned_data["reason"], item=item
                    )
            except services.AlreadyReported:
                already = True
            except quotas.QuotaExceeded as over_quota:
                form.add_error(None, over_quota.message)
                exceeded = over_quota
                status = 429
            else:
                done = _("Thank you, a partnership manager will look at it.")
                if not partial:
                    messages.success(request, done)
                    return redirect(item.get_absolute_url())
        else:
            status = 422
    if already and request.method == "POST":
        # htmx only swaps 2xx and 422 here, so the inline form shows the notice with a 200.
        status = 200 if partial else 409
    context = {
        "item": item,
        "example": item if isinstance(item, Example) else item.example,
        "comment": None if isinstance(item, Example) else item,
        "form": form,
        "action_url": action_url,
        "already_reported": already,
        "done": done,
    }
    template = "examples/report_form.html#report-form" if partial else "examples/report_form.html"
    response = render(request, template, context, status=status)
    return _over_quota(response, exceeded) if exceeded else response


def _over_quota(response: HttpResponse, exceeded: quotas.QuotaExceeded) -> HttpResponse:
    """A 429 that says when to try again; htmx swaps it in place (responseHandling, base.html)."""
    response["Retry-After"] = str(exceeded.retry_after)
    return response


def _moderate(request: HtmxHttpRequest, item: Example | Comment, *, hide: bool) -> HttpResponse:
    """Ask a moderator for the reason, then hide or restore the item and go back to it."""
    is_example = isinstance(item, Example)
    if not hide and not item.is_hidden:
        messages.info(
            request,
            _("This example is not hidden.") if is_example else _("This comment is not hidden."),
        )
        return redirect(item.get_absolute_url())
    form = ModerationReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if hide:
            services.hide_content(
                item=item, moderator=request.user, reason=form.cleaned_data["reason"]
            )
            done = _("The example is hidden.") if is_example else _("The comment is hidden.")
        else:
            services.restore_content(
                item=item, moderator=request.user, reason=form.cleaned_data["reason"]
            )
            done = (
                _("The example is visible again.")
                if is_example
                else _("The comment is visible again.")
            )
        messages.success(request, done)
        return redirect(item.get_absolute_url())
    titles = {
        (True, True): _("Hide this example"),
        (True, False): _("Restore this example"),
        (False, True): _("Hide this comment"),
        (False, False): _("Restore this comment"),
    }
    context = {
        "item": item,
        "example": item if isinstance(item, Example) else item.example,
        "comment": None if isinstance(item, Example) else item,
        "hide": hide,
        "title": titles[(is_example, hide)],
        "form": form,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "examples/moderation_form.html", context, status=status)
