"""Article statuses: where an article stands in the office's workflow."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    QUEUED = "queued"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    TRASHED = "trashed"


# Statuses whose article may be linked from "Читайте також": readers must be able
# to open the link, now (published) or by the time the linking article goes out.
LINKABLE = frozenset({Status.PUBLISHED, Status.QUEUED, Status.SCHEDULED})

# Statuses in which the text may still be changed by a save. Approved, queued and
# scheduled texts are frozen: editing them would publish words nobody reviewed.
EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED, Status.IN_REVIEW})
