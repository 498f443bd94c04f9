"""spelling dictionaries: personal_words (per user), office_words (seeded)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 11:00:00

Both dictionaries live in the database, not in a file on one PC, so a word a
press officer adds follows them to every office PC sharing the PostgreSQL
server. Words are stored with the house apostrophe ’ and without stress marks
(``newsroom.text.spelling.normalize_word``).

The office dictionary is seeded with words of the Zaporizhzhia press office
that the shipped dict_uk (Hunspell uk_UA) lacks — checked against it and
against the bench corpus: abbreviations of the military administration, the
state apps, local places and the forms of two words the office writes daily.
A seeded row has no ``added_by``. The list is frozen here (migrations import
no app code).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SEED = """
ОВА ЗОВА ЗОДА ТЦК ВЛК НМТ БпЛА КАБ ДФТГ ТрО ЗаЕС НУЗП ЗДМУ
єВідновлення єОселя єПідтримка ДіяСіті Запоріжжягаз
Тернуватий Ямчитське Ямчитського
шахед шахеда шахеду шахедом шахеді шахеди шахедів шахедам шахедами шахедах
релокований релокованого релокованому релокованим релокованій
релокована релокованої релоковану релокованою релоковане релоковані
релокованих релокованими
прийомний прийомного прийомному прийомним прийомна прийомної прийомній
прийомну прийомною прийомне прийомні прийомних прийомними
"""


def upgrade() -> None:
    op.create_table('office_words',
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_office_words_added_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_office_words'))
    )
    op.create_table('personal_words',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_personal_words_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'word', name=op.f('pk_personal_words'))
    )
    now = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # as UTCDateTime stores it there
    words = sorted(set(SEED.split()))
    office = sa.table('office_words', sa.column('word', sa.String()),
                      sa.column('added_at', sa.DateTime(timezone=True)))
    op.bulk_insert(office, [{'word': w, 'added_at': now} for w in words])


def downgrade() -> None:
    op.drop_table('personal_words')
    op.drop_table('office_words')
