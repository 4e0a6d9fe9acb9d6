from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from behaviours.models import Behaviour
from evaluations.models import Action, Outcome, PartnerProfile
from evaluations.roles import can_edit_profile
from examples.caching import cards
from examples.models import Comment, Example
from partnership.access import administers, is_moderator
from partnership.forms import LanguageForm, ProfileForm
from partnership.http import HtmxHttpRequest, MemberRequest, wants_fragment
from partnership.language import CHOSEN_LANGUAGE_SESSION_KEY
from partnership.mfa import has_totp
from partnership.models import AboutPartnership, Organisation, User
from partnership.pagination import paginate, status_of
from partnership.services import set_preferred_language, update_profile


def _swapped_region(request: HtmxHttpRequest, regions: set[str]) -> str | None:
    """The region a real HTMX swap targets (not a history restore), if it is one of ours."""
    if wants_fragment(request):
        target = request.htmx.target
        if target in regions:
            return target
    return None


def _about_admin_url(about: AboutPartnership | None) -> str | None:
    """Where a manager edits the about text; the admin may not register it (then its index)."""
    try:
        if about is None:
            return reverse("admin:partnership_aboutpartnership_add")
        return reverse("admin:partnership_aboutpartnership_change", args=[about.pk])
    except NoReverseMatch:
        return reverse("admin:index")


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    about_text = AboutPartnership.current()
    context = {
        "about": about_text,
        "organisations": Organisation.objects.active(),
        "behaviours": Behaviour.objects.active(),
        "outcomes": Outcome.objects.for_list(),
        "can_edit_outcomes": is_moderator(request.user),
        "admin_url": _about_admin_url(about_text) if request.user.is_staff else None,
    }
    return render(request, "partnership/about.html", context)


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.with_member_count()
    context = {"organisations": organisations, "privacy_floor": settings.PRIVACY_MIN_GROUP_SIZE}
    return render(request, "partnership/organisation_list.html", context)


@require_GET
@vary_on_headers("HX-Request")
def organisation_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.with_member_count(), slug=slug)
    examples = Example.objects.visible_to(request.user).for_cards()
    posted = paginate(request, examples.filter(author_organisation=organisation), prefix="posted_")
    recognised = paginate(request, examples.recognising(organisation), prefix="recognised_")
    context = {
        "organisation": organisation,
        "privacy_floor": settings.PRIVACY_MIN_GROUP_SIZE,
        "posted": cards(posted, request, prefix="posted"),
        "recognised": cards(recognised, request, prefix="recognised"),
        "profile": PartnerProfile.objects.current_for(organisation),
        "open_actions": Action.objects.open().filter(organisation=organisation).for_list(),
        "can_edit_profile": can_edit_profile(request.user, organisation),
        # The people page (people/): the organisation's own admins and the managers.
        "can_manage_people": administers(request.user, organisation.pk)
        or is_moderator(request.user),
    }
    template = "partnership/organisation_detail.html"
    region = _swapped_region(request, {"posted-examples", "recognised-examples"})
    if region:
        template += f"#{region}"
    return render(request, template, context, status=status_of(request, posted, recognised))


@require_GET
@vary_on_headers("HX-Request")
def member_profile(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    examples = Example.objects.visible_to(request.user).filter(author=member).for_cards()
    comments = Comment.objects.visible_to(request.user).filter(author=member).for_profile()
    examples_page = paginate(request, examples, prefix="examples_")
    comments_page = paginate(request, comments, prefix="comments_")
    context = {
        "member": member,
        "is_self": member.pk == request.user.pk,
        "examples": cards(examples_page, request),
        "comments": comments_page,
    }
    template = "partnership/member_profile.html"
    region = _swapped_region(request, {"member-examples", "member-comments"})
    if region:
        template += f"#{region}"
    return render(
        request, template, context, status=status_of(request, examples_page, comments_page)
    )


@require_http_methods(["GET", "POST"])
def profile(request: MemberRequest) -> HttpResponse:
    """The member's own account: name, job title and language; links to password, MFA, sessions."""
    member = request.user
    form = ProfileForm(request.POST or None, instance=member)
    if request.method == "POST":
        if not form.is_valid():
            context = {"form": form, "mfa_enabled": has_totp(member)}
            return render(request, "partnership/profile.html", context, status=422)
        update_profile(member=member, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return HttpResponseRedirect(reverse("partnership:profile"))
    context = {"form": form, "mfa_enabled": has_totp(member)}
    return render(request, "partnership/profile.html", context)


@login_not_required  # the login page has the switch too; the cookie then carries the choice
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("examples:browse")
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That language is not available."))
        return HttpResponseRedirect(next_url)

    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        set_preferred_language(member=request.user, language=language)
    else:
        # Chosen on the login page: signing in makes it the member's own (partnership.language),
        # so the language they asked for does not give way to the one stored earlier.
        request.session[CHOSEN_LANGUAGE_SESSION_KEY] = language
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    # Django's own cookie, read by LocaleMiddleware: the login page follows the choice.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        # Without a configured age, a year: the choice outlives a browser restart.
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 60 * 60,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(
            "Literal['Lax', 'Strict', 'None', False] | None", settings.LANGUAGE_COOKIE_SAMESITE
        ),
    )
    return response


@require_http_methods(["GET", "POST"])
def not_offered(request: HttpRequest) -> HttpResponse:
    """A page the account library has that this platform does not offer."""
    raise Http404


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability for load balancers; no data, no session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def bench_constant(request: HttpRequest) -> HttpResponse:
    """A constant answer through the whole middleware stack: the benchmark's ceiling.

    Requested without a session it is what any page costs at least; with a member's session
    cookie it adds what loading the session and the member costs. It exists only while
    BENCH_ENDPOINTS is on (bench/run.py turns it on); otherwise it is a 404.
    """
    if not settings.BENCH_ENDPOINTS:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")
