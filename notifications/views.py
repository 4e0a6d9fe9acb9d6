"""The notifications page, the bell, reading notifications and following a thread."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from behaviours.models import Behaviour
from examples.access import get_example_for_view
from notifications import services
from notifications.groups import lines_for
from notifications.models import Follow, Notification, TopicFollow
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
