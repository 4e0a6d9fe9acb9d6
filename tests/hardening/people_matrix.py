"""The people app's rows of the access matrix (tests/hardening/test_access_matrix.py).

An organisation's people are managed by its own admins and by the partnership managers, and
by nobody else: the partner's admin has no power over the client's or another partner's
people, and another partner's admin none over the partner's. An invitation or member of
another organisation reached through one's own organisation's URL is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import ImportDraft, Invitation

if TYPE_CHECKING:
    from tests.hardening.test_access_matrix import Case, World

PUBLIC = {"people:accept", "people:join"}
DRAFT_KEY = "matrix-draft-key-p31"
PASSWORD = "kabel-lantaarn-vijver-42"
# The clear tokens of the world's invitations, set by build_people_world (only hashes are kept).
TOKENS: dict[str, str] = {}


class Upload(SimpleUploadedFile):
    """A file the matrix can post twice (with and without a CSRF token): read from the start."""

    def read(self, *args: Any) -> bytes:
        self.seek(0)
        return bytes(super().read(*args))


def build_people_world(world: World) -> None:
    admin = world.users["partner_admin"]
    for label, organisation, inviter in (
        ("partner", world.partner_org, admin),
        ("other", world.other_org, world.users["other_admin"]),
        ("used", world.partner_org, admin),
    ):
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=f"matrix-{label}@invited.example",
            display_name=f"Matrix {label}",
            invited_by=inviter,
        )
        TOKENS[label] = invitation.issue_token()
        if label == "used":
            invitation.status = Invitation.Status.ACCEPTED
        invitation.save()
    ImportDraft.objects.create(
        key=DRAFT_KEY,
        organisation=world.partner_org,
        created_by=admin,
        rows=[
            {
                "line": 2,
                "email": "matrix-csv@invited.example",
                "name": "Csv",
                "job_title": "",
                "language": "nl",
                "outcome": "new",
            }
        ],
        file_name="matrix.csv",
    )


def _invitation(label: str) -> int:
    return Invitation.objects.get(email=f"matrix-{label}@invited.example").pk


def expectations(case: type[Case], rule: Any) -> dict[str, list[Case]]:
    """The rows, built with the matrix's own Case and Rule classes."""

    def page(statuses: dict[str, int]) -> Any:
        return rule(get={**statuses, "*": 403}, post=405)

    def action(statuses: dict[str, int]) -> Any:
        return rule(post={**statuses, "*": 403})

    partners_people = {"manager": 302, "partner_admin": 302}
    partner = lambda w: {"slug": w.partner_org.slug}  # noqa: E731
    csv = b"e-mail;naam\r\nnieuw-matrix@invited.example;Nieuw\r\n"

    def member(role_or_other: str, change: str) -> Any:
        def kwargs(w: World) -> dict[str, Any]:
            target = w.other if role_or_other == "other" else w.users[role_or_other]
            return {"slug": w.partner_org.slug, "pk": target.pk, "change": change}

        return kwargs

    def invitation(label: str) -> Any:
        return lambda w: {"slug": w.partner_org.slug, "pk": _invitation(label)}

    elsewhere = action({"manager": 404, "partner_admin": 404})
    return {
        "people:people": [
            case("partner", page({"manager": 200, "partner_admin": 200}), kwargs=partner),
            case("client", page({"manager": 200}), kwargs=lambda w: {"slug": w.client_org.slug}),
            case(
                "other partner",
                page({"manager": 200, "other_admin": 200}),
                kwargs=lambda w: {"slug": w.other_org.slug},
            ),
            case("missing", rule(get=404), kwargs=lambda w: {"slug": "no-such-org"}),
        ],
        "people:invite": [
            case(
                "invite",
                action(partners_people),
                kwargs=partner,
                data=lambda w: {
                    "email": "nieuw@invited.example",
                    "display_name": "Nieuw",
                    "language": "nl",
                },
            ),
            case(
                "invalid",
                action({"manager": 422, "partner_admin": 422}),
                kwargs=partner,
                data=lambda w: {"email": "geen-adres"},
            ),
        ],
        "people:import": [
            case(
                "upload",
                action({"manager": 200, "partner_admin": 200}),
                kwargs=partner,
                data=lambda w: {"file": Upload("p.csv", csv, "text/csv")},
            ),
        ],
        "people:confirm_import": [
            # Only the uploader may confirm their preview; for anyone else it is gone.
            case(
                "own draft",
                action({"manager": 410, "partner_admin": 302}),
                kwargs=lambda w: {"slug": w.partner_org.slug, "key": DRAFT_KEY},
            ),
            case(
                "missing",
                action({"manager": 410, "partner_admin": 410}),
                kwargs=lambda w: {"slug": w.partner_org.slug, "key": "nonsense"},
            ),
        ],
        "people:resend": [
            case("own", action(partners_people), kwargs=invitation("partner")),
            case("other organisation's", elsewhere, kwargs=invitation("other")),
        ],
        "people:revoke": [
            case("own", action(partners_people), kwargs=invitation("partner")),
            case("other organisation's", elsewhere, kwargs=invitation("other")),
        ],
        "people:change_member": [
            case(
                "deactivate", action(partners_people), kwargs=member("partner_member", "deactivate")
            ),
            case("appoint", action(partners_people), kwargs=member("author", "appoint")),
            case("reactivate", action(partners_people), kwargs=member("inactive", "reactivate")),
            # Their own role is not theirs to drop here (refused, back to the page: 303).
            case(
                "self",
                action({"manager": 302, "partner_admin": 303}),
                kwargs=member("partner_admin", "remove_admin"),
            ),
            case("other organisation's", elsewhere, kwargs=member("other", "deactivate")),
            case("unknown change", rule(post=404), kwargs=member("partner_member", "promote")),
        ],
        "people:description": [
            case(
                "edit",
                action(partners_people),
                kwargs=partner,
                data=lambda w: {"description": "Nieuwe beschrijving"},
            ),
        ],
        "people:accept": [
            case(
                "pending",
                rule(get=200, post=302),
                kwargs=lambda w: {"token": TOKENS["partner"]},
                data=lambda w: {"password1": PASSWORD, "password2": PASSWORD},
            ),
            case("used", rule(get=410, post=410), kwargs=lambda w: {"token": TOKENS["used"]}),
            case("unknown", rule(get=404, post=404), kwargs=lambda w: {"token": "x" * 43}),
        ],
        "people:join": [
            case(
                "join",
                rule(get=200, post=200),
                data=lambda w: {"email": "iemand@invited.example", "display_name": "Iemand"},
            ),
        ],
        "people:welcome": [case("welcome", rule(get=200, post=405))],
    }
