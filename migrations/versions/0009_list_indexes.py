"""Indexes for the order of the list pages, so a page of 50 reads 50 rows instead of sorting all.

- registration (programme_id, created_at, id) and (programme_id, status, created_at, id): the
  registration desk and the API list, oldest first, with or without a status filter;
- recommendation (programme_id, updated_at, id): the recommendation list, newest first;
- recommendation (programme_id, status, published_at, id): the public digest, newest first.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = {
    "registration": {
        "ix_registration_programme_created": ["programme_id", "created_at", "id"],
        "ix_registration_programme_status_created": [
            "programme_id",
            "status",
            "created_at",
            "id",
        ],
    },
    "recommendation": {
        "ix_recommendation_programme_updated": ["programme_id", "updated_at", "id"],
        "ix_recommendation_programme_published": ["programme_id", "status", "published_at", "id"],
    },
}


def upgrade():
    for table, indexes in INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, columns in indexes.items():
                batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, indexes in INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in indexes:
                batch_op.drop_index(name)
