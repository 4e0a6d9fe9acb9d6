"""The examples app's models: content (examples, comments, reactions, revisions) and
moderation (reports, the moderation record), one module each."""

from examples.models.content import (
    CARD_KEY_FIELDS,
    SORT_KEYS,
    Comment,
    CommentQuerySet,
    Example,
    ExampleQuerySet,
    Moderated,
    Reaction,
    Revision,
    Visibility,
)
from examples.models.moderation import ModerationAction, Report, ReportQuerySet

__all__ = [
    "CARD_KEY_FIELDS",
    "SORT_KEYS",
    "Comment",
    "CommentQuerySet",
    "Example",
    "ExampleQuerySet",
    "Moderated",
    "ModerationAction",
    "Reaction",
    "Report",
    "ReportQuerySet",
    "Revision",
    "Visibility",
]
