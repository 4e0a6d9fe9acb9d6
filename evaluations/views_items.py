"""Outcomes, parked items, concerns and partner profiles (the evaluation moments are in
evaluations.views)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evaluations import services
from evaluations.access import can_handle_concern, get_concern_for_update, get_concern_for_view
from evaluations.forms import ConcernForm, ConcernStatusForm, OutcomeForm, ParkForm, ProfileForm
from evaluations.models import Concern, Outcome, ParkedItem, PartnerProfile
from evaluations.roles import can_edit_profile
from examples import access as example_access
from examples.models import Comment, Example, Visibility
from partnership import access
from partnership.http import MemberRequest
from partnership.models import Organisation

EXAMPLES_ON_OUTCOME_PAGE = 50


# --- Outcomes ---------------------------------------------------------------------------------


@require_GET
def outcome_detail(request: MemberRequest, pk: int) -> HttpResponse:
    """An outcome, its status history, its examples and how many happened per quarter."""
    outcome = get_object_or_404(Outcome.objects.prefetch_related("owners"), pk=pk)
    visible = Example.objects.visible_to(request.user).filter(outcome=outcome)
    per_quarter = (
        Example.objects.filter(outcome=outcome, visibility=Visibility.PUBLISHED)
        .annotate(quarter=TruncQuarter("happened_on"))
        .order_by("quarter")
        .values("quarter")
        .annotate(n=Count("pk"))
    )
    context = {
        "outcome": outcome,
        "changes": outcome.changes.select_related("changed_by"),
        "examples": visible.for_list().order_by("-happened_on", "-pk")[:EXAMPLES_ON_OUTCOME_PAGE],
        "per_quarter": [(_quarter_label(r["quarter"]), r["n"]) for r in per_quarter],
        "can_edit": access.is_moderator(request.user),
    }
    return render(request, "evaluations/outcome_detail.html", context)


def _quarter_label(first_day: date) -> str:
    return f"{first_day.year} Q{(first_day.month - 1) // 3 + 1}"


@require_http_methods(["GET", "POST"])
def outcome_form(request: MemberRequest, pk: int | None = None) -> HttpResponse:
    """Partnership managers add and edit the agreed outcomes."""
    access.require_moderator(request.user)
    outcome = get_object_or_404(Outcome, pk=pk) if pk is not None else None
    form = OutcomeForm(request.POST if request.method == "POST" else None, instance=outcome)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {
            "title": form.cleaned_data["title"],
            "success": form.cleaned_data["success"],
            "owners": list(form.cleaned_data["owners"]),
            "status": form.cleaned_data["status"],
            "note": form.cleaned_data["note"],
            "by": request.user,
        }
        if outcome is None:
            outcome = services.create_outcome(**data)
        else:
            outcome = services.edit_outcome(outcome=outcome, **data)
        messages.success(request, _("The outcome is saved."))
        return redirect(outcome.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "outcome": outcome}
    return render(request, "evaluations/outcome_form.html", context, status=status)


# --- Parking ----------------------------------------------------------------------------------


@require_GET
def parked_list(request: MemberRequest) -> HttpResponse:
    """Items waiting for the next evaluation, of those the member may see."""
    parked = ParkedItem.objects.waiting().visible_to(request.user).for_list()
    return render(request, "evaluations/parked_list.html", {"parked": parked})


def _park(request: MemberRequest, item: Example | Comment | Concern) -> HttpResponse:
    form = ParkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.park_item(item=item, question=form.cleaned_data["question"], by=request.user)
        messages.success(request, _("Parked for the next evaluation."))
        return redirect("evaluations:parked")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "evaluations/park_form.html", {"form": form, "item": item}, status=status
    )


@require_http_methods(["GET", "POST"])
def park_example(request: MemberRequest, pk: int) -> HttpResponse:
    return _park(request, example_access.get_example_for_view(request.user, pk))


@require_http_methods(["GET", "POST"])
def park_comment(request: MemberRequest, pk: int) -> HttpResponse:
    return _park(request, example_access.get_comment_for_view(request.user, pk))


@require_http_methods(["GET", "POST"])
def park_concern(request: MemberRequest, pk: int) -> HttpResponse:
    return _park(request, get_concern_for_view(request.user, pk))


# --- Concerns ---------------------------------------------------------------------------------


@require_GET
def concern_list(request: MemberRequest) -> HttpResponse:
    """The concerns the member may see: their own, and those they handle."""
    concerns = Concern.objects.visible_to(request.user).for_list()
    return render(request, "evaluations/concern_list.html", {"concerns": concerns})


@require_http_methods(["GET", "POST"])
def concern_new(request: MemberRequest) -> HttpResponse:
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        concern = services.raise_concern(
            author=request.user,
            organisations=list(form.cleaned_data["organisations"]),
            what_happened=form.cleaned_data["what_happened"],
            wish=form.cleaned_data["wish"],
        )
        messages.success(request, _("Your concern is recorded."))
        return redirect(concern.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluations/concern_form.html", {"form": form}, status=status)


@require_GET
def concern_detail(request: MemberRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_view(request.user, pk)
    can_handle = can_handle_concern(request.user, concern)
    context = {
        "concern": concern,
        "status_form": ConcernStatusForm(instance=concern) if can_handle else None,
    }
    return render(request, "evaluations/concern_detail.html", context)


@require_http_methods(["POST"])
def concern_status(request: MemberRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_update(request.user, pk)
    form = ConcernStatusForm(request.POST, instance=Concern.objects.get(pk=concern.pk))
    if form.is_valid():
        services.update_concern(
            concern=concern,
            status=form.cleaned_data["status"],
            resolution_note=form.cleaned_data["resolution_note"],
        )
        messages.success(request, _("The concern is updated."))
        return redirect(concern.get_absolute_url())
    context = {"concern": concern, "status_form": form}
    return render(request, "evaluations/concern_detail.html", context, status=422)


# --- Partner profiles -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def profile_edit(request: MemberRequest, slug: str) -> HttpResponse:
    """An organisation's admins write a new version of its profile."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_edit_profile(request.user, organisation):
        raise PermissionDenied
    versions = PartnerProfile.objects.filter(organisation=organisation).select_related("edited_by")
    current = versions.first()
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.save_profile(organisation=organisation, by=request.user, **form.cleaned_data)
            messages.success(request, _("The profile is saved as a new version."))
            return redirect(organisation.get_absolute_url())
    else:
        form = ProfileForm(instance=current)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "organisation": organisation, "versions": versions}
    return render(request, "evaluations/profile_form.html", context, status=status)
