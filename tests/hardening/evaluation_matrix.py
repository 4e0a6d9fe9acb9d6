"""The evaluation cycle's rows of the access matrix (tests/hardening/test_access_matrix.py).

Its records are made by `build_evaluation_world` from the matrix's world and found again by
their fixed texts, so the matrix's World needs no new fields.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from evaluations import services
from evaluations.models import Action, Concern, Evaluation, Outcome

if TYPE_CHECKING:
    from tests.hardening.test_access_matrix import Case, World

OUTCOME_TITLE = "Matrix-uitkomst"
CONCERN_TEXT = "Matrix-zorg-rq93 over de samenwerking"


def build_evaluation_world(world: World) -> None:
    manager = world.users["manager"]
    orgs = [world.client_org, world.partner_org]
    services.create_outcome(
        title=OUTCOME_TITLE,
        success="Iets.",
        owners=orgs,
        status="on_track",
        note="Start.",
        by=manager,
    )
    evaluation = services.schedule_evaluation(
        held_on=date(2026, 4, 10),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        organisations=orgs,
        by=manager,
    )
    services.add_action(
        evaluation=evaluation, what="Matrix-actie", organisation=orgs[0], due_on=date(2026, 5, 1)
    )
    concern = services.raise_concern(
        author=world.users["author"], organisations=orgs, what_happened=CONCERN_TEXT, wish="Beter."
    )
    services.park_item(item=world.example, question="Matrix-vraag?", by=world.users["author"])
    services.park_item(item=world.hidden_example, question="Verborgen vraag?", by=world.other)
    services.park_item(item=concern, question="Zorg-vraag?", by=world.users["author"])


def _outcome(w: World) -> dict[str, Any]:
    return {"pk": Outcome.objects.get(title=OUTCOME_TITLE).pk}


def _evaluation(w: World) -> dict[str, Any]:
    return {"pk": Evaluation.objects.get().pk}


def _action(w: World) -> dict[str, Any]:
    return {"pk": Action.objects.get().pk}


def _concern(w: World) -> dict[str, Any]:
    return {"pk": Concern.objects.get(what_happened=CONCERN_TEXT).pk}


def _missing(w: World) -> dict[str, Any]:
    return {"pk": 999_999}


def expectations(case: type[Case], rule: Any) -> dict[str, list[Case]]:
    """The rows, built with the matrix's own Case and Rule classes."""
    any_member = rule(get=200, post=405)
    managers_only = rule(get={"manager": 200, "*": 403}, post={"manager": 302, "*": 403})
    managers_post = rule(post={"manager": 302, "*": 403})

    def outcome_data(w: World) -> dict[str, Any]:
        return {
            "title": "Nieuwe uitkomst",
            "success": "Iets meetbaars.",
            "owners": [w.client_org.pk],
            "status": "at_risk",
            "note": "Twee escalaties.",
        }

    def question(w: World) -> dict[str, Any]:
        return {"question": "Hoe verder?"}

    def concern_data(w: World) -> dict[str, Any]:
        return {"organisations": [w.client_org.pk], "what_happened": "Iets.", "wish": "Beter."}

    def evaluation_data(w: World) -> dict[str, Any]:
        return {
            "held_on": "2026-07-10",
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "organisations": [w.client_org.pk, w.partner_org.pk],
        }

    def profile_data(w: World) -> dict[str, Any]:
        return {"priorities": "Stabiliteit"}

    park = rule(get=200, post=302)
    hidden_park = rule(get={"manager": 200, "*": 404}, post={"manager": 302, "*": 404})
    # The concern names the client and the partner: the partner's admin is in, the admin of
    # another partner is not.
    concern_rule = rule(
        get={"manager": 200, "author": 200, "partner_admin": 200, "*": 404},
        post={"manager": 302, "author": 302, "partner_admin": 302, "*": 404},
    )
    return {
        "evaluations:outcome_new": [case("new", managers_only, data=outcome_data)],
        "evaluations:outcome": [
            case("outcome", any_member, kwargs=_outcome),
            case("missing", rule(get=404), kwargs=_missing),
        ],
        "evaluations:outcome_edit": [
            case("edit", managers_only, kwargs=_outcome, data=outcome_data),
            case(
                "missing",
                rule(get={"manager": 404, "*": 403}, post={"manager": 404, "*": 403}),
                kwargs=_missing,
            ),
        ],
        "evaluations:parked": [case("list", any_member)],
        "evaluations:park_example": [
            case("published", park, kwargs=lambda w: {"pk": w.example.pk}, data=question),
            case(
                "hidden", hidden_park, kwargs=lambda w: {"pk": w.hidden_example.pk}, data=question
            ),
            case("missing", rule(get=404, post=404), kwargs=_missing, data=question),
        ],
        "evaluations:park_comment": [
            case("published", park, kwargs=lambda w: {"pk": w.comment.pk}, data=question),
            case(
                "hidden", hidden_park, kwargs=lambda w: {"pk": w.hidden_comment.pk}, data=question
            ),
        ],
        "evaluations:park_concern": [
            case("concern", concern_rule, kwargs=_concern, data=question),
            case("missing", rule(get=404, post=404), kwargs=_missing, data=question),
        ],
        "evaluations:concerns": [case("list", any_member)],
        "evaluations:concern_new": [case("raise", rule(get=200, post=302), data=concern_data)],
        "evaluations:concern": [
            case(
                "concern",
                rule(get={"manager": 200, "author": 200, "partner_admin": 200, "*": 404}),
                kwargs=_concern,
            ),
            case("missing", rule(get=404), kwargs=_missing),
        ],
        "evaluations:concern_status": [
            case(
                "concern",
                rule(post={"manager": 302, "partner_admin": 302, "author": 403, "*": 404}),
                kwargs=_concern,
                data=lambda w: {"status": "in_discussion", "resolution_note": ""},
            ),
            case("missing", rule(post=404), kwargs=_missing),
        ],
        "evaluations:profile_edit": [
            case(
                "partner",
                rule(
                    get={"manager": 200, "partner_admin": 200, "*": 403},
                    post={"manager": 302, "partner_admin": 302, "*": 403},
                ),
                kwargs=lambda w: {"slug": w.partner_org.slug},
                data=profile_data,
            ),
            case("missing", rule(get=404, post=404), kwargs=lambda w: {"slug": "nonsense"}),
        ],
        "evaluations:history": [case("history", any_member)],
        "evaluations:schedule": [case("schedule", managers_only, data=evaluation_data)],
        "evaluations:detail": [
            case("agenda", any_member, kwargs=_evaluation),
            case("missing", rule(get=404), kwargs=_missing),
        ],
        "evaluations:pack_csv": [
            case("pack", any_member, kwargs=_evaluation),
            case("missing", rule(get=404), kwargs=_missing),
        ],
        "evaluations:pack_xlsx": [
            case("pack", any_member, kwargs=_evaluation),
            case("missing", rule(get=404), kwargs=_missing),
        ],
        "evaluations:summary": [
            case("summary", managers_post, kwargs=_evaluation, data=lambda w: {"summary": "Goed."})
        ],
        "evaluations:add_decision": [
            case("decision", managers_post, kwargs=_evaluation, data=lambda w: {"text": "Besluit."})
        ],
        "evaluations:add_action": [
            case(
                "action",
                managers_post,
                kwargs=_evaluation,
                data=lambda w: {
                    "what": "Iets",
                    "organisation": w.client_org.pk,
                    "due_on": "2026-05-01",
                },
            )
        ],
        "evaluations:close": [case("close", managers_post, kwargs=_evaluation)],
        "evaluations:add_note": [
            case("note", managers_post, kwargs=_evaluation, data=lambda w: {"body": "Correctie."})
        ],
        "evaluations:action_status": [
            case("action", managers_post, kwargs=_action, data=lambda w: {"status": "done"}),
            case("missing", rule(post={"manager": 404, "*": 403}), kwargs=_missing),
        ],
    }
