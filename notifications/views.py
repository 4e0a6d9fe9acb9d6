"""The notifications page, the bell, reading notifications and following a thread."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from behaviours.models import Behaviour
from examples import services as examples_services
from examples.access import get_comment_for_view, get_example_for_view, require_moderator
from examples.models import Comment, Example, Report
from notifications import mail, review, services
from notifications.forms import (
    DecideReviewForm,
    PreferencesForm,
    ResolveItemForm,
    ResubmitCommentForm,
    ResubmitExampleForm,
)
from notifications.groups import lines_for
from notifications.models import Category, Follow, Notification, ReviewRequest, TopicFollow
from partnership.access import is_moderator
from partnership.http import HtmxMemberRequest, wants_fragment
from partnership.models import Organisation
from partnership.pagination import paginate, status_of

# Sent after every change to what is read, so the bell in the navigation refreshes itself.
CHANGED = "notifications-changed"


@require_GET
@vary_on_headers("HX-Request")
def notification_list(request: HtmxMemberRequest) -> HttpResponse:
    return _render_list(request)


def _render_list(request: HtmxMemberRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user).for_page()
    page = paginate(request, rows, per_page=50)
    context = {"page": page, "lines": lines_for(request.user, page)}
    template = "notifications/notification_list.html"
    if wants_fragment(request):
        template += "#notification-list"
    return render(request, template, context, status=status_of(request, page))


@require_GET
@vary_on_headers("HX-Request")
def bell(request: HtmxMemberRequest) -> HttpResponse:
    """The bell alone, for HTMX to refresh (every minute and after reading); without HTMX
    the bell is a link to the notifications page, so that is where this goes."""
    if not wants_fragment(request):
        return HttpResponseRedirect(reverse("notifications:list"))
    return render(request, "includes/bell.html")


@require_GET
def open_notification(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    """Mark the notification (and its group) read and go to its item; an item the member may
    no longer see leads back to the notifications page, which says it is no longer there.

    A GET that changes something, on purpose: it is a link (open in a new tab, copy), and
    marking one's own notification read is harmless to repeat."""
    notification = get_object_or_404(Notification.objects.for_page(), pk=pk, recipient=request.user)
    services.mark_read(member=request.user, notification=notification)
    lines = lines_for(request.user, [notification])
    if not lines[0].available:
        return HttpResponseRedirect(reverse("notifications:list"))
    return HttpResponseRedirect(notification.item.get_absolute_url())


@require_POST
def mark_read(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(member=request.user, notification=notification)
    return _after_change(request)


@require_POST
def mark_all_read(request: HtmxMemberRequest) -> HttpResponse:
    services.mark_all_read(member=request.user)
    return _after_change(request)


def _after_change(request: HtmxMemberRequest) -> HttpResponse:
    if not wants_fragment(request):
        return HttpResponseRedirect(reverse("notifications:list"))
    return trigger_client_event(_render_list(request), CHANGED)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def follow_behaviour(request: HtmxMemberRequest, slug: str) -> HttpResponse:
    behaviour = get_object_or_404(Behaviour, slug=slug)
    return _topic(request, behaviour=behaviour, back=behaviour.get_absolute_url())


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def follow_organisation(request: HtmxMemberRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return _topic(request, organisation=organisation, back=organisation.get_absolute_url())


def _topic(
    request: HtmxMemberRequest,
    *,
    back: str,
    behaviour: Behaviour | None = None,
    organisation: Organisation | None = None,
) -> HttpResponse:
    """Whether the member follows this behaviour or organisation; POST follows or stops."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in {"follow", "unfollow"}:
            return HttpResponseBadRequest(gettext("Choose to follow or to stop following."))
        services.set_topic_followed(
            member=request.user,
            followed=action == "follow",
            behaviour=behaviour,
            organisation=organisation,
        )
        if not wants_fragment(request):
            return HttpResponseRedirect(back)
    following = TopicFollow.objects.filter(
        member=request.user, behaviour=behaviour, organisation=organisation
    ).exists()
    context = {
        "topic": behaviour or organisation,
        "following": following,
        "action_url": request.path,
        "back": back,
    }
    template = "notifications/topic.html"
    if wants_fragment(request):
        template += "#topic-follow"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def thread(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    """Whether the member hears of new comments on this example; POST mutes or follows it."""
    example = get_example_for_view(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in {"mute", "follow"}:
            return HttpResponseBadRequest(gettext("Choose to follow or to mute this thread."))
        services.set_thread_muted(member=request.user, example=example, muted=action == "mute")
        if not wants_fragment(request):
            return HttpResponseRedirect(example.get_absolute_url())
    follow = Follow.objects.filter(member=request.user, example=example).first()
    context = {"example": example, "follow": follow}
    template = "notifications/thread.html"
    if wants_fragment(request):
        template += "#thread-follow"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def preferences(request: HtmxMemberRequest) -> HttpResponse:
    """How often the member is e-mailed, per category."""
    managers_only = {Category.MANAGERS, Category.ATTENTION}
    categories = [c for c in Category if c not in managers_only or is_moderator(request.user)]
    form = PreferencesForm(
        request.POST or None, categories=categories, initial=mail.frequencies_of(request.user)
    )
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "notifications/preferences.html", {"form": form}, status=422)
        services.set_email_preferences(member=request.user, frequencies=form.cleaned_data)
        messages.success(request, gettext("Your e-mail preferences are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"))
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required  # the link in an e-mail works without signing in
@csrf_exempt  # mail clients' one-click unsubscribe POSTs without a token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from the categories a signed token names: GET asks to confirm
    (a link scanner must not unsubscribe anyone), POST unsubscribes."""
    try:
        member_id, categories = mail.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"broken": True}, status=400)
    labels = [Category(c).label for c in categories]
    if request.method == "POST":
        mail.unsubscribe(member_id=member_id, categories=categories)
    context = {"labels": labels, "done": request.method == "POST", "token": token}
    return render(request, "notifications/unsubscribe.html", context)


@require_GET
def mention_suggestions(request: HtmxMemberRequest) -> JsonResponse:
    """Members to mention, for the @ combobox (static/js/mentions.js): name, organisation
    and the text to insert."""
    members = services.mention_suggestions(request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": member.pk,
                    "name": member.display_name,
                    "organisation": member.organisation.name if member.organisation else "",
                    "insert": f"@[{_mention_name(member.display_name)}]({member.pk})",
                }
                for member in members
            ]
        }
    )


def _mention_name(name: str) -> str:
    return " ".join(name.replace("[", "(").replace("]", ")").split())


@require_http_methods(["GET", "POST"])
def resubmit_example(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    """The author of a hidden example edits it and submits it for review."""
    example = get_example_for_view(request.user, pk)
    return _resubmit(
        request, example, ResubmitExampleForm, ["title", "what_happened", "partnership_impact"]
    )


@require_http_methods(["GET", "POST"])
def resubmit_comment(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    """The author of a hidden comment edits it and submits it for review."""
    comment = get_comment_for_view(request.user, pk)
    return _resubmit(request, comment, ResubmitCommentForm, ["body"])


def _resubmit(
    request: HtmxMemberRequest,
    item: Example | Comment,
    form_class: type[ResubmitExampleForm] | type[ResubmitCommentForm],
    fields: list[str],
) -> HttpResponse:
    if item.author_id != request.user.pk or not item.is_hidden:
        raise PermissionDenied
    if isinstance(item, Comment):
        open_reviews = ReviewRequest.objects.open().filter(comment=item)
    else:
        open_reviews = ReviewRequest.objects.open().filter(example=item, comment__isnull=True)
    waiting = open_reviews.exists()
    initial = {name: getattr(item, name) for name in fields}
    form = form_class(request.POST or None, initial=initial)
    context = {"item": item, "form": form, "waiting": waiting}
    if request.method == "POST":
        if waiting:
            return render(request, "notifications/resubmit.html", context, status=409)
        if not form.is_valid():
            return render(request, "notifications/resubmit.html", context, status=422)
        changes = {name: form.cleaned_data[name] for name in fields}
        try:
            review.submit_for_review(
                item=item, author=request.user, note=form.cleaned_data["note"], changes=changes
            )
        except review.AlreadySubmitted:
            return render(request, "notifications/resubmit.html", context, status=409)
        messages.success(
            request, gettext("Thank you: a partnership manager will look at it again.")
        )
        return HttpResponseRedirect(item.get_absolute_url())
    return render(request, "notifications/resubmit.html", context)


@require_GET
def review_queue(request: HtmxMemberRequest) -> HttpResponse:
    """For partnership managers: items resubmitted for review, and open reports per item."""
    require_moderator(request.user)
    context = {
        "reviews": ReviewRequest.objects.open().for_queue()[:100],
        "reported": review.open_reports_per_item(),
        "decide_form": DecideReviewForm(),
        "resolve_form": ResolveItemForm(),
    }
    return render(request, "notifications/review_queue.html", context)


@require_POST
def decide_review(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    require_moderator(request.user)
    request_row = get_object_or_404(ReviewRequest.objects.for_queue(), pk=pk)
    form = DecideReviewForm(request.POST)
    if not form.is_valid():
        return _queue_with_errors(request, decide_form=form)
    review.decide_review(
        request=request_row,
        moderator=request.user,
        restore=form.cleaned_data["decision"] == "restore",
        reason=form.cleaned_data["reason"],
    )
    return HttpResponseRedirect(reverse("notifications:review_queue"))


@require_POST
def resolve_item(request: HtmxMemberRequest, pk: int) -> HttpResponse:
    """One decision for every open report on the item the report `pk` is about."""
    require_moderator(request.user)
    report = get_object_or_404(Report.objects.open(), pk=pk)
    form = ResolveItemForm(request.POST)
    if not form.is_valid():
        return _queue_with_errors(request, resolve_form=form)
    examples_services.resolve_report(
        report=report,
        moderator=request.user,
        outcome=form.cleaned_data["outcome"],
        note=form.cleaned_data["note"],
    )
    return HttpResponseRedirect(reverse("notifications:review_queue"))


def _queue_with_errors(request: HtmxMemberRequest, **forms: Any) -> HttpResponse:
    context = {
        "reviews": ReviewRequest.objects.open().for_queue()[:100],
        "reported": review.open_reports_per_item(),
        "decide_form": DecideReviewForm(),
        "resolve_form": ResolveItemForm(),
        **forms,
    }
    return render(request, "notifications/review_queue.html", context, status=422)
