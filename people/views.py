"""The people page of an organisation, invitations, CSV imports, self sign-up and welcome."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from behaviours.models import Behaviour
from partnership.errors import too_many_requests
from partnership.http import MemberRequest
from partnership.models import Organisation, User
from people import services
from people.access import invitation_of, member_of, organisation_for_people
from people.csvimport import UploadError, check_size, classify, read_upload
from people.forms import AcceptForm, DescriptionForm, InviteForm, JoinForm, UploadForm
from people.models import AuditEntry, Invitation
from people.throttling import address_over_limit, over_limit

MEMBERS_PER_PAGE = 50
AUDIT_SHOWN = 50
INVITATIONS_SHOWN = 200
MEMBER_CHANGES = {"deactivate", "reactivate", "appoint", "remove_admin"}


def _people_url(organisation: Organisation) -> str:
    return reverse("people:people", args=[organisation.slug])


def _render_people(
    request: MemberRequest,
    organisation: Organisation,
    *,
    status: int = 200,
    invite_form: InviteForm | None = None,
    upload_form: UploadForm | None = None,
    upload_error: str = "",
    description_form: DescriptionForm | None = None,
) -> HttpResponse:
    members = User.objects.filter(organisation=organisation).order_by("display_name", "pk")
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "invitations": list(
            Invitation.objects.open()
            .filter(organisation=organisation)
            .for_people_page()[:INVITATIONS_SHOWN]
        ),
        "audit": list(
            AuditEntry.objects.filter(organisation=organisation).for_people_page()[:AUDIT_SHOWN]
        ),
        "invite_form": invite_form or InviteForm(initial={"language": get_language()[:2]}),
        "upload_form": upload_form or UploadForm(),
        "upload_error": upload_error,
        "description_form": description_form or DescriptionForm(instance=organisation),
        "max_rows": settings.PEOPLE_IMPORT_MAX_ROWS,
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }
    return render(request, "people/people.html", context, status=status)


@require_GET
def people(request: MemberRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    return _render_people(request, organisation)


@require_POST
def invite(request: MemberRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_people(request, organisation, status=422, invite_form=form)
    try:
        services.invite(
            organisation=organisation,
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            job_title=form.cleaned_data["job_title"],
            language=form.cleaned_data["language"],
            invited_by=request.user,
        )
    except services.Refused as refused:
        form.add_error("email", refused.message)
        return _render_people(request, organisation, status=422, invite_form=form)
    messages.success(request, _("The invitation to %(email)s is on its way.") % form.cleaned_data)
    return HttpResponseRedirect(_people_url(organisation))


@require_POST
def upload(request: MemberRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_people(request, organisation, status=400, upload_form=form)
    upload_file = form.cleaned_data["file"]
    try:
        check_size(upload_file.size or 0)
        rows = classify(read_upload(upload_file.read()), organisation)
    except UploadError as error:
        return _render_people(
            request, organisation, status=error.status, upload_error=error.message
        )
    draft = services.save_import_draft(
        organisation=organisation, by=request.user, rows=rows, file_name=upload_file.name or ""
    )
    new = sum(1 for row in rows if row.outcome == "new")
    context = {
        "organisation": organisation,
        "rows": rows,
        "draft": draft,
        "new_count": new,
        "skipped_count": len(rows) - new,
    }
    return render(request, "people/import_preview.html", context)


@require_POST
def confirm_import(request: MemberRequest, slug: str, key: str) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    draft = services.usable_draft(key=key, organisation=organisation, by=request.user)
    if draft is None:
        context = {"organisation": organisation}
        return render(request, "people/import_gone.html", context, status=410)
    try:
        result = services.import_invitations(draft=draft, by=request.user)
    except services.Refused:
        return render(
            request, "people/import_gone.html", {"organisation": organisation}, status=410
        )
    messages.success(
        request,
        _("%(invited)s invitations are on their way; %(skipped)s rows were skipped.")
        % {"invited": result.invited, "skipped": result.skipped},
    )
    return HttpResponseRedirect(_people_url(organisation))


def _refused(
    request: MemberRequest, organisation: Organisation, refused: services.Refused
) -> HttpResponse:
    messages.error(request, refused.message)
    return HttpResponseRedirect(_people_url(organisation))


@require_POST
def resend(request: MemberRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    invitation = invitation_of(organisation, pk)
    try:
        services.resend_invitation(invitation=invitation, by=request.user)
    except services.Refused as refused:
        return _refused(request, organisation, refused)
    messages.success(
        request, _("A new link is on its way to %(email)s.") % {"email": invitation.email}
    )
    return HttpResponseRedirect(_people_url(organisation))


@require_POST
def revoke(request: MemberRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    invitation = invitation_of(organisation, pk)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except services.Refused as refused:
        return _refused(request, organisation, refused)
    messages.success(
        request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
    )
    return HttpResponseRedirect(_people_url(organisation))


@require_POST
def change_member(request: MemberRequest, slug: str, pk: int, change: str) -> HttpResponse:
    """Deactivate, reactivate, appoint as admin or remove as admin: one member of the org."""
    if change not in MEMBER_CHANGES:
        raise Http404
    organisation = organisation_for_people(request.user, slug)
    member = member_of(organisation, pk)
    try:
        if change == "deactivate":
            services.deactivate_member(member=member, by=request.user)
            done = _("%(name)s is deactivated; everything they wrote stays.")
        elif change == "reactivate":
            services.reactivate_member(member=member, by=request.user)
            done = _("%(name)s is active again.")
        elif change == "appoint":
            services.set_organisation_admin(member=member, admin=True, by=request.user)
            done = _("%(name)s is now an organisation admin.")
        else:  # remove_admin
            services.set_organisation_admin(member=member, admin=False, by=request.user)
            done = _("%(name)s is no longer an organisation admin.")
    except services.Refused as refused:
        messages.error(request, refused.message)
        return HttpResponseRedirect(_people_url(organisation), status=303)
    messages.success(request, done % {"name": member.display_name})
    return HttpResponseRedirect(_people_url(organisation))


@require_POST
def edit_description(request: MemberRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_people(request.user, slug)
    form = DescriptionForm(request.POST, instance=Organisation.objects.get(pk=organisation.pk))
    if not form.is_valid():
        return _render_people(request, organisation, status=422, description_form=form)
    services.edit_description(
        organisation=organisation, description=form.cleaned_data["description"], by=request.user
    )
    messages.success(request, _("The description is saved."))
    return HttpResponseRedirect(_people_url(organisation))


# --- Public: accepting an invitation and asking to join ---------------------------------


def _unavailable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    context = {"state": invitation.state if invitation else "unknown"}
    return render(
        request,
        "people/invitation_unavailable.html",
        context,
        status=404 if invitation is None else 410,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if over_limit(request, "accept", settings.INVITATION_ATTEMPTS_PER_ADDRESS):
        return too_many_requests(request)
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.can_be_accepted:
        return _unavailable(request, invitation)
    form = AcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(invitation, password=form.cleaned_data["password1"])
        except services.InvitationUnavailable:
            invitation.refresh_from_db()
            return _unavailable(request, invitation)
        # allauth's sign-in (as after its login form): its session records, the device cookie
        # (AccountAdapter.post_login), then the welcome.
        response: HttpResponse = perform_login(
            request, user, redirect_url=reverse("people:welcome"), email=user.email
        )
        return response
    status = 422 if request.method == "POST" else 200
    return render(
        request, "people/accept.html", {"invitation": invitation, "form": form}, status=status
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Self sign-up: the same answer whether or not the address may join or has an account."""
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "join", settings.SIGNUP_REQUESTS_PER_ADDRESS):
            return too_many_requests(request)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not address_over_limit(email, "join", 3):
                services.request_to_join(
                    email=email,
                    display_name=form.cleaned_data["display_name"],
                    language=get_language()[:2],
                )
            return render(request, "people/join.html", {"sent": True, "email": email})
        return render(request, "people/join.html", {"form": form}, status=422)
    return render(request, "people/join.html", {"form": form})


@require_GET
def welcome(request: MemberRequest) -> HttpResponse:
    context = {"behaviours": Behaviour.objects.active()}
    return render(request, "people/welcome.html", context)
