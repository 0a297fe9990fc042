"""screening decisions

Revision ID: 0002_screening
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_screening"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query_key", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("subject_id", sa.String(length=32), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("designations", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_decision_query_key"), ["query_key"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_screening_decision_subject_id"), ["subject_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_decision_subject_id"))
        batch_op.drop_index(batch_op.f("ix_screening_decision_query_key"))
    op.drop_table("screening_decision")
