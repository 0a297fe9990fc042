"""news claims: one claim per statement carries every evidence span of the document

Revision ID: 0004_claim_spans
Revises: 0003_news
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_claim_spans"
down_revision = "0003_news"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # [[start, end], …] in the document body; the first is evidence_start/evidence_end
    with op.batch_alter_table("news_claim") as batch:
        batch.add_column(sa.Column("evidence_spans", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("news_claim") as batch:
        batch.drop_column("evidence_spans")
