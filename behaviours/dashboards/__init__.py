"""The figures behind the overview, the dashboards and the partnership review.

Every figure is aggregated in the database with a fixed number of grouped queries per panel, so
a page's query count does not grow with the data; Python only reshapes the grouped rows (a
handful per behaviour and organisation) into tables. Only published examples and published
comments on published examples count: hidden content never reaches a figure, a CSV or the
review. There are no per-person figures, and organisations under the privacy floor are left out
of every count (privacy.py).

One module per concern:

- periods.py: periods, filters and the querysets every panel counts from;
- tables.py: `Table`, what both the HTML tables and the CSV downloads are rendered from;
- privacy.py: the privacy floor and complementary suppression;
- overview.py: the all-time overview and the behaviour list's counts;
- trends.py, coverage.py, reciprocity.py, participation.py, highlights.py: one panel each;
- moderation.py: the moderators' figures and the moderation log;
- caching.py: how panels are cached (once, as data);
- rollups.py: the daily rollups the panels are summed from, kept up to date after commit;
- board.py: a whole dashboard, its CSV tables, and the partnership review.
"""

from __future__ import annotations

from behaviours.dashboards.board import (
    ALL_TIME_TABLES,
    CSV_TABLES,
    MODERATOR_TABLES,
    PANELS,
    TABLES,
    Comparison,
    Dashboard,
    Review,
)
from behaviours.dashboards.caching import (
    PANEL_READS,
    SINGLE_FLIGHT_SECONDS,
    cached_figures,
    cached_once,
    panel_key,
)
from behaviours.dashboards.coverage import CoveragePanel, coverage
from behaviours.dashboards.highlights import BehaviourHighlights, HighlightsPanel, highlights
from behaviours.dashboards.moderation import ModerationFigures, moderation_figures, moderation_log
from behaviours.dashboards.overview import (
    Overview,
    behaviour_list,
    behaviours_with_example_counts,
    overview,
)
from behaviours.dashboards.participation import (
    OrgParticipation,
    ParticipationPanel,
    gini,
    participation,
    silent_weeks,
)
from behaviours.dashboards.periods import (
    MONTHLY_AFTER_DAYS,
    PERIOD_PRESETS,
    SITE_TZ,
    DashboardFilters,
    Granularity,
    Period,
    behaviours_for,
    published_comments,
    published_examples,
    recognitions_of,
)
from behaviours.dashboards.privacy import (
    OrgInfo,
    counted_ids,
    left_out,
    left_out_sentence,
    org_shown,
    organisations_for,
    organisations_with_size,
    privacy_floor,
)
from behaviours.dashboards.reciprocity import OrganisationPair, ReciprocityPanel, reciprocity
from behaviours.dashboards.rollups import (
    HIGHLIGHTS_PER_BEHAVIOUR,
    ContributorDay,
    ExampleDay,
    HighlightDay,
    rebuild,
)
from behaviours.dashboards.tables import (
    TOO_FEW,
    Cell,
    Row,
    Table,
    csv_dialect,
    number,
    table_to_csv,
    text_cell,
)
from behaviours.dashboards.trends import BehaviourTrend, TrendsPanel, change_percent, trends

__all__ = [
    "ALL_TIME_TABLES",
    "CSV_TABLES",
    "HIGHLIGHTS_PER_BEHAVIOUR",
    "MODERATOR_TABLES",
    "MONTHLY_AFTER_DAYS",
    "PANELS",
    "PANEL_READS",
    "PERIOD_PRESETS",
    "SINGLE_FLIGHT_SECONDS",
    "SITE_TZ",
    "TABLES",
    "TOO_FEW",
    "BehaviourHighlights",
    "BehaviourTrend",
    "Cell",
    "Comparison",
    "ContributorDay",
    "CoveragePanel",
    "Dashboard",
    "DashboardFilters",
    "ExampleDay",
    "Granularity",
    "HighlightDay",
    "HighlightsPanel",
    "ModerationFigures",
    "OrgInfo",
    "OrgParticipation",
    "OrganisationPair",
    "Overview",
    "ParticipationPanel",
    "Period",
    "ReciprocityPanel",
    "Review",
    "Row",
    "Table",
    "TrendsPanel",
    "behaviour_list",
    "behaviours_for",
    "behaviours_with_example_counts",
    "cached_figures",
    "cached_once",
    "change_percent",
    "counted_ids",
    "coverage",
    "csv_dialect",
    "gini",
    "highlights",
    "left_out",
    "left_out_sentence",
    "moderation_figures",
    "moderation_log",
    "number",
    "org_shown",
    "organisations_for",
    "organisations_with_size",
    "overview",
    "panel_key",
    "participation",
    "privacy_floor",
    "published_comments",
    "published_examples",
    "rebuild",
    "reciprocity",
    "recognitions_of",
    "silent_weeks",
    "table_to_csv",
    "text_cell",
    "trends",
]
