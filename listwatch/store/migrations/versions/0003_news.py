"""news reader: documents and designation claims

Revision ID: 0003_news
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_news"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "news_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("simhash", sa.String(length=16), nullable=False),
        sa.Column("twin_of", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("dateline", sa.JSON(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("analysis", sa.JSON(), nullable=False),
        sa.Column("reader_version", sa.String(length=32), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["twin_of"], ["news_document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
    )
    with op.batch_alter_table("news_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_news_document_url"), ["url"], unique=False)
    op.create_table(
        "news_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.String(length=32), nullable=True),
        sa.Column("subject_text", sa.Text(), nullable=True),
        sa.Column("authority", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("actor_kind", sa.String(length=16), nullable=True),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=32), nullable=True),
        sa.Column("date_granularity", sa.String(length=8), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("quote_start", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["news_document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("news_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_news_claim_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_news_claim_subject_id"), ["subject_id"], unique=False)
        batch_op.create_index("ix_news_claim_authority", ["authority"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("news_claim", schema=None) as batch_op:
        batch_op.drop_index("ix_news_claim_authority")
        batch_op.drop_index(batch_op.f("ix_news_claim_subject_id"))
        batch_op.drop_index(batch_op.f("ix_news_claim_document_id"))
    op.drop_table("news_claim")
    with op.batch_alter_table("news_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_news_document_url"))
    op.drop_table("news_document")
