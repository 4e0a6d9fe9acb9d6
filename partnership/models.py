"""Members, organisations and the partnership itself."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MODERATOR_GROUP = "Partnership managers"


class TranslatedField:
    """Read `<base>_nl` or `<base>_en` for the active language, falling back to Dutch.

    Two languages are fixed for this platform, so explicit columns beat a runtime-patching
    translation library: migrations, admin and queries stay plain Django.
    """

    def __init__(self, base: str) -> None:
        self.base = base

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        language = (get_language() or "nl")[:2]
        value = getattr(obj, f"{self.base}_{language}", "") if language in ("nl", "en") else ""
        return value or getattr(obj, f"{self.base}_nl")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(active=True)

    def with_member_count(self) -> OrganisationQuerySet:
        """Annotate `member_count`: the active members, counted in the same query."""
        return self.annotate(
            member_count=models.Count("members", filter=models.Q(members__is_active=True))
        )


class Organisation(models.Model):
    class Role(models.TextChoices):
        CLIENT = "client", _("Client organisation")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    active = models.BooleanField(_("active"), default=True)
    self_signup = models.BooleanField(
        _("self sign-up"),
        default=False,
        help_text=_(
            "People with an address at one of the organisation's verified domains may join "
            "on their own, after confirming their address by e-mail."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["role", "name"]  # "client" sorts before "partner": the client first
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnership:organisation", args=[self.slug])


class OrganisationDomain(models.Model):
    """An e-mail domain a partnership manager verified as the organisation's own.

    Addresses at these domains may sign up on their own when the organisation allows it, and
    are sent to the organisation's identity provider where one is configured.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    domain = models.CharField(
        _("domain"), max_length=253, unique=True, help_text=_("For example: energie.nl")
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("verified e-mail domain")
        verbose_name_plural = _("verified e-mail domains")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class ServiceArea(models.Model):
    """The outsourced services an example can concern, a list managers keep in admin."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    name = TranslatedField("name")

    class Meta:
        ordering = ["order", "name_nl"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return str(self.name)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", email.split("@")[0])
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        help_text=_("Every member belongs to one organisation; only technical accounts have none."),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    is_organisation_admin = models.BooleanField(
        _("organisation admin"),
        default=False,
        help_text=_(
            "Invites, onboards and deactivates the members of their own organisation, and "
            "keeps its description and profile."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("partnership:member", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class AboutPartnership(models.Model):
    """The one "about our partnership" text: purpose and agreed outcomes, edited in admin."""

    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    purpose_nl = models.TextField(_("purpose (Dutch, Markdown)"), max_length=20000)
    purpose_en = models.TextField(_("purpose (English, Markdown)"), max_length=20000, blank=True)
    outcomes_nl = models.TextField(_("agreed outcomes (Dutch, Markdown)"), max_length=20000)
    outcomes_en = models.TextField(
        _("agreed outcomes (English, Markdown)"), max_length=20000, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    title = TranslatedField("title")
    purpose = TranslatedField("purpose")
    outcomes = TranslatedField("outcomes")

    class Meta:
        verbose_name = _("about our partnership")
        verbose_name_plural = _("about our partnership")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="about_partnership_singleton")
        ]

    def __str__(self) -> str:
        return str(self.title)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> AboutPartnership | None:
        return cls.objects.filter(pk=1).first()
