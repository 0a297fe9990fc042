"""ledger memberships as runs: a version belongs to the snapshots from one position to another

Revision ID: 0005_membership_runs
Revises: 0004_claim_spans

Each snapshot used to list every member (one row per record per snapshot, ~0.4 MiB per OFAC
version even when nothing changed); a run row covers all the consecutive snapshots (in valid-time
order, ``snapshot.seq``) that hold one record version. The upgrade converts the rows it finds;
the downgrade writes them out again.
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_membership_runs"
down_revision = "0004_claim_spans"
branch_labels = None
depends_on = None

snapshot = sa.table("snapshot", sa.column("id", sa.Integer), sa.column("source_id", sa.String),
                    sa.column("observed_on", sa.String), sa.column("observed_at", sa.DateTime),
                    sa.column("seq", sa.Integer))
membership = sa.table("membership", sa.column("snapshot_id", sa.Integer),
                      sa.column("record_version_id", sa.Integer))
membership_run = sa.table("membership_run", sa.column("source_id", sa.String),
                          sa.column("record_version_id", sa.Integer),
                          sa.column("first_snapshot_id", sa.Integer),
                          sa.column("last_snapshot_id", sa.Integer))


def _ordered_snapshots(bind) -> dict[str, list[int]]:
    """source → snapshot ids in valid-time order (the order the ledger has always used)."""
    order: dict[str, list[int]] = {}
    for snapshot_id, source_id in bind.execute(
            sa.select(snapshot.c.id, snapshot.c.source_id)
            .order_by(snapshot.c.source_id, snapshot.c.observed_on, snapshot.c.observed_at,
                      snapshot.c.id)):
        order.setdefault(source_id, []).append(snapshot_id)
    return order


def _insert(bind, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), 5000):
        bind.execute(table.insert(), rows[start:start + 5000])


def upgrade() -> None:
    bind = op.get_bind()
    # A plain ADD COLUMN, never a batch copy of the table: on SQLite that drops the old table,
    # and the foreign keys' ON DELETE CASCADE would empty the membership and event tables.
    op.add_column("snapshot", sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
    order = _ordered_snapshots(bind)
    for ids in order.values():
        bind.execute(snapshot.update().where(snapshot.c.id == sa.bindparam("sid"))
                     .values(seq=sa.bindparam("position")),
                     [{"sid": sid, "position": position} for position, sid in enumerate(ids)])

    op.create_table(
        "membership_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("record_version_id", sa.Integer(), nullable=False),
        sa.Column("first_snapshot_id", sa.Integer(), nullable=False),
        sa.Column("last_snapshot_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.ForeignKeyConstraint(["record_version_id"], ["record_version.id"]),
        sa.ForeignKeyConstraint(["first_snapshot_id"], ["snapshot.id"]),
        sa.ForeignKeyConstraint(["last_snapshot_id"], ["snapshot.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("source_id", "record_version_id", "first_snapshot_id", "last_snapshot_id"):
        op.create_index(f"ix_membership_run_{column}", "membership_run", [column])

    members: dict[int, list[int]] = {}
    for snapshot_id, version_id in bind.execute(
            sa.select(membership.c.snapshot_id, membership.c.record_version_id)):
        members.setdefault(snapshot_id, []).append(version_id)
    rows = []
    for source_id, ids in order.items():
        open_runs: dict[int, dict] = {}  # version → its run reaching the previous snapshot
        for position, snapshot_id in enumerate(ids):
            reaching = {}
            for version in members.get(snapshot_id, ()):
                run = open_runs.get(version)
                if run is None:
                    run = {"source_id": source_id, "record_version_id": version,
                           "first_snapshot_id": snapshot_id}
                    rows.append(run)
                run["last_snapshot_id"] = snapshot_id
                reaching[version] = run
            open_runs = reaching
    _insert(bind, membership_run, rows)
    with op.batch_alter_table("membership") as batch:
        batch.drop_index("ix_membership_version")
    op.drop_table("membership")


def downgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "membership",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("record_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["record_version_id"], ["record_version.id"]),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshot.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id", "record_version_id"),
    )
    op.create_index("ix_membership_version", "membership", ["record_version_id"])
    position = {sid: seq for sid, seq in bind.execute(sa.select(snapshot.c.id, snapshot.c.seq))}
    order = {(source_id, seq): sid for sid, source_id, seq in bind.execute(
        sa.select(snapshot.c.id, snapshot.c.source_id, snapshot.c.seq))}
    rows = []
    for source_id, version, first, last in bind.execute(sa.select(
            membership_run.c.source_id, membership_run.c.record_version_id,
            membership_run.c.first_snapshot_id, membership_run.c.last_snapshot_id)):
        rows += [{"snapshot_id": order[(source_id, seq)], "record_version_id": version}
                 for seq in range(position[first], position[last] + 1)]
    _insert(bind, membership, rows)
    op.drop_table("membership_run")
    # SQLite drops a column in place since 3.35 (a batch copy would cascade, as above)
    op.execute("ALTER TABLE snapshot DROP COLUMN seq")
