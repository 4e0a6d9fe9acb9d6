"""Forms of the examples app: posting, filtering, commenting, reporting and moderating."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from behaviours.models import Behaviour
from evaluations.models import Outcome
from examples.markdown import bounded_markdown, bounded_markup
from examples.models import Comment, Example, ExampleQuerySet, Report
from examples.search import RankedMatches
from notifications.mentions import check_mention_limit
from partnership.models import Organisation, ServiceArea, User

# --- Browsing, posting and editing examples ---

EARLIEST_HAPPENED_ON = date(2000, 1, 1)
SEARCH_MAX_LENGTH = 200

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class SlugChoiceField(forms.ModelChoiceField[Model]):
    """A model chosen by its slug in a query string.

    Anything that cannot be a slug (NUL bytes, overlong text) is refused before it reaches the
    database, where PostgreSQL would raise instead of finding nothing.
    """

    # Every choice's row values (its concrete fields in order) by slug, when the form was given
    # them (examples.caching.choices): then a slug is looked up here, not in the database.
    known: dict[str, tuple[Any, ...]] | None = None

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not _SLUG.fullmatch(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        if self.known is None:
            return super().to_python(value)
        if value not in self.known:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        model = self.queryset.model  # type: ignore[union-attr]
        columns = [field.attname for field in model._meta.concrete_fields]
        return model.from_db(self.queryset.db, columns, self.known[value])  # type: ignore[union-attr]


class OrganisationsField(forms.ModelMultipleChoiceField[Organisation]):
    """Organisations ticked by id; an id no database column can hold is an invalid choice.

    Django looks the posted ids up with `pk__in`, which SQLite cannot even bind for a number
    beyond 64 bits (OverflowError, a 500): such ids are refused before the query.
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number at all: Django's own check names it
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private, not in the stubs


class SubmissionKeyField(forms.UUIDField):
    """The hidden idempotency key of a posting form: a fresh uuid4 each time the form is shown.

    Posting the same form twice (a double click, a retry, a second tab) sends the same key, and
    the service returns what the first submit created. A missing or mangled key is no error the
    member could fix, so it only switches the protection off for that submit.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> uuid.UUID | None:
        try:
            return cast("uuid.UUID | None", super().clean(value))
        except forms.ValidationError:
            return None


class IdChoiceField(forms.ModelChoiceField[Model]):
    """A model chosen by its id in a query string; anything but a plausible id is an invalid
    choice before it reaches the database (SQLite cannot bind a number beyond 64 bits)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,18}", value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ExampleFilterForm(forms.Form):
    """The browse page's filters, read from the query string so links can be shared."""

    SORT_CHOICES = [
        # Each names the date it goes by: the day an example was shared, not the day it happened.
        ("newest", _("Newest first (date shared)")),
        ("inspiring", _("Most inspiring (then date shared)")),
        ("discussed", _("Most discussed (then date shared)")),
        ("relevance", _("Best match (with a search)")),
    ]

    q = forms.CharField(
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    behaviour = SlugChoiceField(
        label=_("Behaviour"),
        queryset=Behaviour.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All behaviours"),
        # Chips with each behaviour's colour and icon, as on the cards (browse.html, site.css);
        # blank=True keeps "All behaviours" as the first choice of the radio group.
        widget=forms.RadioSelect(attrs={"class": "filter-choice"}),
        blank=True,
        error_messages={"invalid_choice": _("There is no such behaviour.")},
    )
    organisation = SlugChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
        widget=forms.Select(attrs={"class": "filter-choice"}),
        error_messages={"invalid_choice": _("There is no such organisation.")},
    )
    area = SlugChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All service areas"),
        widget=forms.Select(attrs={"class": "filter-choice"}),
        error_messages={"invalid_choice": _("There is no such service area.")},
    )
    outcome = IdChoiceField(
        label=_("Agreed outcome"),
        queryset=Outcome.objects.all(),
        required=False,
        empty_label=_("All outcomes"),
        widget=forms.Select(attrs={"class": "filter-choice"}),
        error_messages={"invalid_choice": _("There is no such outcome.")},
    )
    happened_from = forms.DateField(
        label=_("Happened from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "filter-choice"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date like 2026-01-31.")},
    )
    happened_until = forms.DateField(
        label=_("Happened until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "filter-choice"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date like 2026-01-31.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "filter-choice"}),
        error_messages={"invalid_choice": _("Examples cannot be sorted that way.")},
    )

    # The fields chosen by slug, and the model each chooses from.
    BY_SLUG = {"behaviour": Behaviour, "organisation": Organisation, "area": ServiceArea}

    def __init__(
        self, *args: Any, known: dict[str, dict[str, tuple[Any, ...]]] | None = None, **kwargs: Any
    ) -> None:
        """`known`: per field name, every behaviour, organisation or service area's row values
        by slug (examples.caching.choices), so checking those filters costs no query; a field
        not in it looks its slug up in the database."""
        super().__init__(*args, **kwargs)
        for name in self.BY_SLUG:
            field = self.fields[name]
            assert isinstance(field, SlugChoiceField)
            field.known = known.get(name) if known is not None else None

    def has_filters(self) -> bool:
        """True when the list is narrowed down (sorting alone does not narrow it)."""
        data = getattr(self, "cleaned_data", {})
        names = ("q", "behaviour", "organisation", "area", "outcome")
        return any(data.get(name) for name in (*names, "happened_from", "happened_until"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        first, last = (
            self.cleaned_data.get("happened_from"),
            self.cleaned_data.get("happened_until"),
        )
        if first and last and first > last:
            self.add_error("happened_until", _("The period must end after it starts."))
        return self.cleaned_data

    def active_filter_labels(self) -> list[str]:
        """What narrows the list, in words, for the collapsed filters' summary on a phone."""
        data = getattr(self, "cleaned_data", {})
        labels = [f"“{data['q']}”"] if data.get("q") else []
        labels += [str(data[name]) for name in ("behaviour", "organisation") if data.get(name)]
        return labels

    def filter(self, examples: ExampleQuerySet) -> ExampleQuerySet | RankedMatches:
        """Apply the valid filters and the sort order to a queryset of examples."""
        data = self.cleaned_data
        if data.get("behaviour"):
            examples = examples.filter(behaviour=data["behaviour"])
        if data.get("organisation"):
            examples = examples.involving(data["organisation"])
        if data.get("area"):
            examples = examples.filter(service_area=data["area"])
        if data.get("outcome"):
            examples = examples.filter(outcome=data["outcome"])
        if data.get("happened_from"):
            examples = examples.filter(happened_on__gte=data["happened_from"])
        if data.get("happened_until"):
            examples = examples.filter(happened_on__lte=data["happened_until"])
        if data.get("q"):
            examples = examples.search(data["q"])
        return examples.sorted_by(self.sort_order())

    def sort_order(self) -> str:
        """The chosen order; a search without one is ordered by relevance."""
        data = getattr(self, "cleaned_data", {})
        sort = data.get("sort") or ("relevance" if data.get("q") else "newest")
        return "newest" if sort == "relevance" and not data.get("q") else sort


class ExampleForm(forms.ModelForm[Example]):
    """What a member writes when sharing or editing an example.

    Author, organisation, visibility and counters are not fields: the service sets them, so
    nothing extra in a POST can change them.
    """

    submission_key = SubmissionKeyField()

    class Meta:
        model = Example
        fields = [
            "title",
            "behaviour",
            "service_area",
            "outcome",
            "recognised_organisations",
            "happened_on",
            "what_happened",
            "partnership_impact",
        ]
        labels = {
            "recognised_organisations": _("Whose people showed the behaviour?"),
            "service_area": _("Service area (optional)"),
            "outcome": _("Agreed outcome it contributes to (optional)"),
            "partnership_impact": _("What it did for the partnership (optional)"),
        }
        field_classes = {"recognised_organisations": OrganisationsField}
        help_texts = {
            "recognised_organisations": _(
                "Tick every organisation whose people showed the behaviour, your own included "
                "if it was a colleague. At least one."
            ),
            "happened_on": _("Today, unless you change it. Roughly is fine; not in the future."),
            "what_happened": _(
                "Describe the situation and what someone did. Markdown is allowed: "
                "*emphasis*, lists, links."
            ),
            "partnership_impact": _("Optional, but it helps others see why it matters."),
        }
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "behaviour": forms.RadioSelect,
            "recognised_organisations": forms.CheckboxSelectMultiple,
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "what_happened": forms.Textarea(attrs={"rows": 10}),
            "partnership_impact": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(
        self, *args: Any, author: User, behaviour_slug: str | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.author = author
        # Markup that would make the story costly to render is refused before any parsing.
        for name in ("what_happened", "partnership_impact"):
            self.fields[name].validators.append(bounded_markdown)
        instance = self.instance if self.instance.pk else None
        if instance is not None:
            # An edit is idempotent by itself: saving the same text twice changes nothing.
            del self.fields["submission_key"]
        # Retired behaviours, service areas and organisations take no new examples, but an
        # edit keeps whatever the example already had.
        behaviours = Q(active=True)
        areas = Q(active=True)
        organisations = Q(active=True)
        if instance is not None:
            behaviours |= Q(pk=instance.behaviour_id)
            areas |= Q(pk=instance.service_area_id)
            organisations |= Q(pk__in=instance.recognised_organisations.values("pk"))
        offered = Behaviour.objects.filter(behaviours)
        behaviour_field = cast("forms.ModelChoiceField[Behaviour]", self.fields["behaviour"])
        behaviour_field.queryset = offered
        behaviour_field.empty_label = None
        behaviour_field.error_messages.update(
            {
                "required": _("Choose the behaviour your example shows."),
                "invalid_choice": _("Choose one of the behaviours listed."),
            }
        )
        area_field = cast("forms.ModelChoiceField[ServiceArea]", self.fields["service_area"])
        area_field.queryset = ServiceArea.objects.filter(areas)
        area_field.empty_label = _("Not about one service area")
        outcome_field = cast("forms.ModelChoiceField[Model]", self.fields["outcome"])
        outcome_field.empty_label = _("No particular outcome")
        organisation_field = cast(OrganisationsField, self.fields["recognised_organisations"])
        organisation_field.queryset = Organisation.objects.filter(organisations)
        self.fields["recognised_organisations"].error_messages["required"] = _(
            "Tick at least one organisation."
        )
        # "Share an example of this" on a behaviour's page links here with ?behaviour=<slug>.
        if not self.is_bound and behaviour_slug and _SLUG.fullmatch(behaviour_slug):
            chosen = offered.filter(slug=behaviour_slug).first()
            if chosen is not None:
                self.initial["behaviour"] = chosen.pk
        today = timezone.localdate()
        self.fields["happened_on"].widget.attrs.update(
            {"min": EARLIEST_HAPPENED_ON.isoformat(), "max": today.isoformat()}
        )
        # A first example needs four answers: behaviour, title, story and organisations. The
        # day it happened is today unless the member says otherwise.
        if instance is None:
            self.fields["happened_on"].required = False
            self.initial.setdefault("happened_on", today)

    @property
    def behaviours(self) -> list[Behaviour]:
        """The behaviours on offer, for the writing guidance beside the story."""
        return list(
            cast("forms.ModelChoiceField[Behaviour]", self.fields["behaviour"]).queryset or []
        )

    def clean_happened_on(self) -> date:
        # Left empty on a new example: it happened today (an edit keeps the field required).
        happened_on: date = self.cleaned_data["happened_on"] or timezone.localdate()
        if happened_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        if happened_on < EARLIEST_HAPPENED_ON:
            raise forms.ValidationError(_("Choose a date in 2000 or later."), code="too_early")
        return happened_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not self.instance.pk and self.author.organisation_id is None:
            raise forms.ValidationError(
                _(
                    "Your account is not linked to an organisation yet, so you cannot share "
                    "examples. Please ask a partnership manager."
                ),
                code="no_organisation",
            )
        try:
            check_mention_limit(
                cleaned.get("what_happened", ""), cleaned.get("partnership_impact", "")
            )
        except forms.ValidationError as error:
            self.add_error("what_happened", error)
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for services.post_example/edit_example."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "behaviour": data["behaviour"],
            "service_area": data.get("service_area"),
            "outcome": data.get("outcome"),
            "happened_on": data["happened_on"],
            "what_happened": data["what_happened"],
            "partnership_impact": data.get("partnership_impact", ""),
            "recognised_organisations": list(data["recognised_organisations"]),
        }


# --- Discussion, reports and moderation (example detail page and moderation queue) ---

REASON_MAX_LENGTH = 2000


class CommentForm(forms.ModelForm[Comment]):
    """A plain-text comment; the template escapes it and keeps its line breaks."""

    submission_key = SubmissionKeyField()

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "body": {
                "required": _("Write something before you post your comment."),
                "max_length": _(
                    "A comment can be at most %(limit_value)d characters (it has %(show_value)d)."
                ),
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A comment is plain text, but its snippet on the member's page is parsed as Markdown.
        self.fields["body"].validators += [bounded_markup, check_mention_limit]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only partnership managers read this."),
        error_messages={"required": _("Tell the partnership managers why you report this.")},
    )


class ModerationReasonForm(forms.Form):
    """The reason a moderator gives for hiding or restoring; the author sees it."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author sees this reason."),
        error_messages={"required": _("Give a reason; the author will see it.")},
    )


class ResolveReportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Report.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When the item is hidden, its author sees this note as the reason."),
        error_messages={"required": _("Add a short note about your decision.")},
    )
