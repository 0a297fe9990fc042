"""news: SimHash block keys in an indexed table, so that near-duplicate lookup does not scan

Revision ID: 0006_news_simhash_keys
Revises: 0005_membership_runs

The keys of the documents already stored (first copies only) are computed here with the block
scheme as it stands at this revision (4 blocks of 16 bits, see listwatch.store.news).
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_news_simhash_keys"
down_revision = "0005_membership_runs"
branch_labels = None
depends_on = None

_BLOCKS, _BITS = 4, 16


def _keys(simhash: str) -> list[int]:
    value = int(simhash, 16)
    return [(block << _BITS) | ((value >> (block * _BITS)) & ((1 << _BITS) - 1))
            for block in range(_BLOCKS)]


def upgrade() -> None:
    table = op.create_table(
        "news_simhash_key",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("simhash", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["news_document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "document_id"),
    )
    documents = sa.table("news_document", sa.column("id", sa.Integer),
                         sa.column("simhash", sa.String), sa.column("twin_of", sa.Integer))
    rows = [{"key": key, "document_id": doc, "simhash": simhash}
            for doc, simhash in op.get_bind().execute(
                sa.select(documents.c.id, documents.c.simhash).where(documents.c.twin_of.is_(None)))
            for key in _keys(simhash)]
    for start in range(0, len(rows), 5000):
        op.get_bind().execute(table.insert(), rows[start:start + 5000])


def downgrade() -> None:
    op.drop_table("news_simhash_key")
