"""The notifications page, the bell, reading notifications and following a thread."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
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
from examples.access import get_example_for_view
from notifications import mail, services
from notifications.forms import PreferencesForm
from notifications.groups import lines_for
from notifications.models import Category, Follow, Notification, TopicFollow
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
    categories = [c for c in Category if c != Category.MANAGERS or is_moderator(request.user)]
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
