"""The database schema as typed SQLAlchemy 2.0 models.

Alembic migrations in ``migrations/versions`` own the real schema; these models
must match them (a test compares the two). Timestamps are aware UTC; Kyiv time
is a matter of display.
"""

from __future__ import annotations

import uuid as uuid_mod
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.storage.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: Any, name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=24,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    signature: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"),
                                        primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True,
                                      default=lambda: str(uuid_mod.uuid4()))
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    lead: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Original HTML of an article pulled from the website, kept until someone
    # edits it so an archive page is never degraded by a Markdown round trip.
    source_html: Mapped[str | None] = mapped_column(Text)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"))
    signature: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[Status] = mapped_column(_enum(Status, "status"), default=Status.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The article's public address (its post on the office's website), shown in
    # "Читайте також" and the picker; each site's own post is a RemotePost.
    remote_url: Mapped[str | None] = mapped_column(String(2000))
    revision: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    # The list's default order (newest first, id breaks ties) read straight off
    # an index, so the first page of 100,000 articles needs no sort; the same
    # order after each column the list filters on (migration 0006).
    __table_args__ = (Index("ix_articles_updated_at_id", "updated_at", "id"),
                      Index("ix_articles_status_updated_at_id", "status", "updated_at", "id"),
                      Index("ix_articles_section_updated_at_id", "section_id", "updated_at",
                            "id"),
                      Index("ix_articles_author_updated_at_id", "author_id", "updated_at",
                            "id"),
                      Index("ix_articles_status_published_at_id", "status", "published_at",
                            "id"))

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    section: Mapped[Section | None] = relationship(lazy="joined")


class ArticleSearch(Base):
    """An article's words as lemmas, what the search index is built from.

    Written by :mod:`newsroom.services.search` whenever the text changes. On
    SQLite the FTS5 table ``article_search_fts`` indexes it (external content,
    kept in step by triggers); on PostgreSQL a generated ``search_vector``
    tsvector column with a GIN index does. Both are made by migration 0003 and
    are not part of these models.
    """

    __tablename__ = "article_search"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True, autoincrement=False)
    title_lemmas: Mapped[str] = mapped_column(Text, default="")
    lemmas: Mapped[str] = mapped_column(Text, default="")
    """Lead and body."""


class Revision(Base):
    """A saved state of an article's text; never changed once written."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    lead: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RelatedLink(Base):
    """One entry of an article's "Читайте також" list, in the editor's order."""

    __tablename__ = "related_links"
    __table_args__ = (
        UniqueConstraint("article_id", "related_id"),
        CheckConstraint("article_id <> related_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    related_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revision: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewEvent(Base):
    """A reviewer's verdict or visit, with the revision they saw.

    "Changes since the revision you last reviewed" is computed from the newest
    of these per reviewer, so it must record the revision, not a timestamp.
    """

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEvent(Base):
    """Who did what to which article when, and which revision they saw."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    revision: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Media(Base):
    """An image attached to an article, stored in the database so every PC
    sharing a PostgreSQL database sees the same files."""

    __tablename__ = "media"
    # One stored copy per article: the same photo on two articles is two rows,
    # so detaching it from one never takes it away from the other.
    __table_args__ = (UniqueConstraint("article_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    mime: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    alt: Mapped[str] = mapped_column(String(500), default="")
    caption: Mapped[str] = mapped_column(String(1000), default="")
    featured: Mapped[bool] = mapped_column(default=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Site(Base):
    """A website the queue publishes to. Its password is in the OS keyring,
    never here."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000), default="")
    path: Mapped[str] = mapped_column(String(2000), default="")
    login: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    paused_reason: Mapped[str | None] = mapped_column(String(500))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PublishJob(Base):
    """One push of one article to one site, with Superdesk's queue states."""

    __tablename__ = "publish_jobs"
    __table_args__ = (Index("ix_publish_jobs_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    revision: Mapped[int] = mapped_column(Integer)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by a person who chose to overwrite a post that was changed on the site.
    overwrite: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Autosave(Base):
    """Unsaved editor text, one row per article and user.

    Kept apart from revisions so a crash loses at most a few seconds of typing
    without every keystroke pause becoming a revision reviewers must read.
    """

    __tablename__ = "autosaves"
    __table_args__ = (UniqueConstraint("article_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500), default="")
    lead: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    base_version: Mapped[int | None] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EditLock(Base):
    """Who is editing an article now, shown to everyone else."""

    __tablename__ = "edit_locks"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    since: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RemotePost(Base):
    """The post that stands for an article on one site.

    ``modified`` is the site's own change marker (WordPress ``modified_gmt``,
    which has no ETags): an update is sent only while the site still shows
    the value we last saw, so an edit made on the site is never overwritten
    unnoticed.
    """

    __tablename__ = "remote_posts"
    __table_args__ = (UniqueConstraint("site_id", "article_id"),
                      UniqueConstraint("site_id", "remote_id",
                                       name="uq_remote_posts_site_remote"))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    remote_id: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000), default="")
    modified: Mapped[str | None] = mapped_column(String(40))
    remote_status: Mapped[str] = mapped_column(String(20), default="")
    sent_revision: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RemoteMedia(Base):
    """A photo already uploaded to a site, by the hash of the original file,
    so a photo is uploaded once however many articles or retries use it."""

    __tablename__ = "remote_media"
    __table_args__ = (UniqueConstraint("site_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    remote_id: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))


class RemoteTerm(Base):
    """A site's category or tag id by its name (case-folded), so terms are
    looked up or created once per site."""

    __tablename__ = "remote_terms"
    __table_args__ = (UniqueConstraint("site_id", "taxonomy", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    taxonomy: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    remote_id: Mapped[str] = mapped_column(String(100))


class PullCursor(Base):
    """Where an archive pull stands, so an interrupted pull resumes.

    ``watermark`` is the newest ``modified_gmt`` of the last finished pull (the
    next one asks only for posts modified after it); while a pull runs,
    ``run_after`` is the watermark it started from, ``next_page`` the page to
    fetch next and ``run_newest`` the newest change seen so far.
    """

    __tablename__ = "pull_cursors"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"),
                                         primary_key=True)
    watermark: Mapped[str | None] = mapped_column(String(40))
    run_after: Mapped[str | None] = mapped_column(String(40))
    next_page: Mapped[int | None] = mapped_column(Integer)
    run_newest: Mapped[str | None] = mapped_column(String(40))
    total: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SearchTerm(Base):
    """How many indexed articles contain a lemma (its document frequency).

    Kept in step by :mod:`newsroom.services.search` on every (re)index, so a
    term's rarity is known without scanning the archive; made by migration 0004.
    The row with the empty term counts the indexed articles themselves (no
    lemma is empty), which a ``count(*)`` would read the whole index for.
    """

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    df: Mapped[int] = mapped_column(Integer)


class ArticleTerm(Base):
    """One of an article's strongest lemmas and its tf-idf weight (the article's
    vector is L2-normalised), what related-article suggestions compare.

    The ``(term, weight, article_id)`` index answers "who else has this term,
    how strongly" from the index alone on SQLite and PostgreSQL.
    """

    __tablename__ = "article_terms"
    __table_args__ = (Index("ix_article_terms_term_weight", "term", "weight", "article_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True, autoincrement=False)
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


# Articles by tag, newest (highest id) first: the tag-sharing candidates of a
# related-article suggestion (migration 0004).
Index("ix_article_tags_tag_id_article_id", ArticleTag.tag_id, ArticleTag.article_id)


class PersonalWord(Base):
    """A word one user taught the spelling checker ("Додати до мого словника").

    In the database rather than a file so it follows the user to any office PC;
    made by migration 0005.
    """

    __tablename__ = "personal_words"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OfficeWord(Base):
    """A word the whole office's checker accepts (place names, abbreviations,
    surnames), added by an editor; ``added_by`` is None for the seeded list."""

    __tablename__ = "office_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
