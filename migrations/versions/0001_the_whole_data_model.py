"""The whole data model of DOMAIN.md.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 02:11:23.791143

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('ip_address', sa.String(length=45), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_programme_id'), ['programme_id'], unique=False)

    op.create_table('failure_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failure_record'))
    )
    with op.batch_alter_table('failure_record', schema=None) as batch_op:
        batch_op.create_index('ix_failure_record_key_created_at', ['key', 'created_at'], unique=False)

    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('cultural_exchange', 'student_exchange', 'dialogue_series', 'track_1_5', name=op.f('ck_programme_programmekind'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'registration_open', 'running', 'concluded', 'archived', name=op.f('ck_programme_programmestatus'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('public_summary', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('confidentiality', sa.Enum('chatham_house', 'off_the_record', 'on_record', name=op.f('ck_programme_confidentiality'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('registration_open', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('parity_threshold', sa.Double(), server_default='0.8', nullable=False),
    sa.Column('endorsement_threshold', sa.Double(), server_default='0.3333', nullable=False),
    sa.Column('requires_briefing_release', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('consent_version', sa.String(length=32), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('endorsement_threshold BETWEEN 0 AND 1', name=op.f('ck_programme_endorsement_threshold_range')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_programme_dates_in_order')),
    sa.CheckConstraint('parity_threshold BETWEEN 0 AND 1', name=op.f('ck_programme_parity_threshold_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('slug', name=op.f('uq_programme_slug'))
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_status'), ['status'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('is_disabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False),
    sa.Column('locale', sa.String(length=16), server_default='en', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('auth_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_auth_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_session_token_hash'))
    )
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_session_user_id'), ['user_id'], unique=False)

    op.create_table('dialogue_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('format', sa.Enum('plenary', 'working_group', 'bilateral', 'site_visit', 'social', name=op.f('ck_dialogue_session_sessionformat'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('confidentiality_override', sa.Enum('chatham_house', 'off_the_record', 'on_record', name=op.f('ck_dialogue_session_confidentiality'), native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_dialogue_session_ends_after_start')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_dialogue_session_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_session'))
    )
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_session_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index('ix_dialogue_session_programme_starts', ['programme_id', 'starts_at'], unique=False)

    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('agreement', sa.Enum('consensus', 'broad_support', 'divided', name=op.f('ck_recommendation_agreement'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'adopted', 'returned', 'published', 'withdrawn', name=op.f('ck_recommendation_recommendationstatus'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version >= 1', name=op.f('ck_recommendation_version_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_recommendation_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_recommendation_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index('ix_recommendation_programme_status', ['programme_id', 'status'], unique=False)

    op.create_table('side',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_side_capacity_not_negative')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_side_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_side')),
    sa.UniqueConstraint('id', 'programme_id', name=op.f('uq_side_id_programme_id')),
    sa.UniqueConstraint('programme_id', 'name', name=op.f('uq_side_programme_id_name')),
    sa.UniqueConstraint('programme_id', 'slug', name=op.f('uq_side_programme_id_slug'))
    )
    with op.batch_alter_table('side', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_side_programme_id'), ['programme_id'], unique=False)

    op.create_table('briefing_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('format', sa.Enum('pdf', 'docx', 'html', 'md', 'json', name=op.f('ck_briefing_export_briefingformat'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_briefing_export_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_briefing_export_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['side_id'], ['side.id'], name=op.f('fk_briefing_export_side_id_side'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing_export'))
    )
    with op.batch_alter_table('briefing_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_briefing_export_programme_id'), ['programme_id'], unique=False)

    op.create_table('briefing_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_briefing_release_approved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['side_id'], ['side.id'], name=op.f('fk_briefing_release_side_id_side'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing_release')),
    sa.UniqueConstraint('side_id', 'approved_by_id', name=op.f('uq_briefing_release_side_id_approved_by_id'))
    )
    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('coordinator', 'facilitator', 'liaison', name=op.f('ck_membership_memberrole'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(role = 'liaison') = (side_id IS NOT NULL)", name=op.f('ck_membership_liaison_has_side')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_membership_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['side_id', 'programme_id'], ['side.id', 'side.programme_id'], name=op.f('fk_membership_side_id_side'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_membership_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('programme_id', 'user_id', 'role', name=op.f('uq_membership_programme_id_user_id_role'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('position',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_position_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['side_id'], ['side.id'], name=op.f('fk_position_side_id_side'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position')),
    sa.UniqueConstraint('recommendation_id', 'side_id', name=op.f('uq_position_recommendation_id_side_id'))
    )
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_position_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_addressee',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_addressee_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['side_id'], ['side.id'], name=op.f('fk_recommendation_addressee_side_id_side'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'side_id', name=op.f('pk_recommendation_addressee'))
    )
    with op.batch_alter_table('recommendation_addressee', schema=None) as batch_op:
        batch_op.create_index('ix_recommendation_addressee_side_id', ['side_id'], unique=False)

    op.create_table('recommendation_session',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_session_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], name=op.f('fk_recommendation_session_session_id_dialogue_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'session_id', name=op.f('pk_recommendation_session'))
    )
    with op.batch_alter_table('recommendation_session', schema=None) as batch_op:
        batch_op.create_index('ix_recommendation_session_session_id', ['session_id'], unique=False)

    op.create_table('recommendation_topic',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_topic_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'topic', name=op.f('pk_recommendation_topic'))
    )
    with op.batch_alter_table('recommendation_topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_topic_topic'), ['topic'], unique=False)

    op.create_table('recommendation_transition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'submitted', 'adopted', 'returned', 'published', 'withdrawn', name=op.f('ck_recommendation_transition_from_status'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('to_status', sa.Enum('draft', 'submitted', 'adopted', 'returned', 'published', 'withdrawn', name=op.f('ck_recommendation_transition_to_status'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_recommendation_transition_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_transition_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_transition'))
    )
    with op.batch_alter_table('recommendation_transition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_transition_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('agreement', sa.Enum('consensus', 'broad_support', 'divided', name=op.f('ck_recommendation_version_agreement'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['user.id'], name=op.f('fk_recommendation_version_editor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_version_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_version')),
    sa.UniqueConstraint('recommendation_id', 'version', name=op.f('uq_recommendation_version_recommendation_id_version'))
    )
    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'waitlisted', 'declined', 'withdrawn', name=op.f('ck_registration_registrationstatus'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('affiliation', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('academic', 'former_official', 'official_personal_capacity', 'journalist', 'student', 'civil_society', 'other', name=op.f('ck_registration_participantrole'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('access_needs', sa.Text(), nullable=False),
    sa.Column('consented_data_processing_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consented_rule_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_version', sa.String(length=32), nullable=False),
    sa.Column('consents_to_attribution', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_registration_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['side_id', 'programme_id'], ['side.id', 'side.programme_id'], name=op.f('fk_registration_side_id_side'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_registration_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('programme_id', 'user_id', name=op.f('uq_registration_programme_id_user_id'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_desk', ['programme_id', 'status', 'side_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_user_id'), ['user_id'], unique=False)

    op.create_table('session_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('created', 'updated', 'moved', 'cancelled', name=op.f('ck_session_change_sessionchangekind'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('previous_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('previous_venue', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_session_change_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], name=op.f('fk_session_change_session_id_dialogue_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_change'))
    )
    with op.batch_alter_table('session_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_change_session_id'), ['session_id'], unique=False)

    op.create_table('session_facilitator',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], name=op.f('fk_session_facilitator_session_id_dialogue_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_session_facilitator_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_session_facilitator'))
    )
    with op.batch_alter_table('session_facilitator', schema=None) as batch_op:
        batch_op.create_index('ix_session_facilitator_user_id', ['user_id'], unique=False)

    op.create_table('session_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_session_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], name=op.f('fk_session_note_session_id_dialogue_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_note'))
    )
    with op.batch_alter_table('session_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_note_session_id'), ['session_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('invited', 'confirmed', 'declined', 'attended', 'absent', name=op.f('ck_attendance_attendancestatus'), native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_attendance_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], name=op.f('fk_attendance_session_id_dialogue_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'registration_id', name=op.f('uq_attendance_session_id_registration_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('endorsement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_endorsement_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_endorsement_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_endorsement')),
    sa.UniqueConstraint('recommendation_id', 'registration_id', name=op.f('uq_endorsement_recommendation_id_registration_id'))
    )
    with op.batch_alter_table('endorsement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsement_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_endorsement_registration_id'), ['registration_id'], unique=False)

    op.create_table('staff_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_staff_invitation_membership_id_membership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_invitation_token_hash'))
    )
    with op.batch_alter_table('staff_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invitation_membership_id'), ['membership_id'], unique=False)



def downgrade():
    with op.batch_alter_table('staff_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invitation_membership_id'))

    op.drop_table('staff_invitation')
    with op.batch_alter_table('endorsement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsement_registration_id'))
        batch_op.drop_index(batch_op.f('ix_endorsement_recommendation_id'))

    op.drop_table('endorsement')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_registration_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('session_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_note_session_id'))

    op.drop_table('session_note')
    with op.batch_alter_table('session_facilitator', schema=None) as batch_op:
        batch_op.drop_index('ix_session_facilitator_user_id')

    op.drop_table('session_facilitator')
    with op.batch_alter_table('session_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_change_session_id'))

    op.drop_table('session_change')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_user_id'))
        batch_op.drop_index(batch_op.f('ix_registration_programme_id'))
        batch_op.drop_index('ix_registration_desk')

    op.drop_table('registration')
    op.drop_table('recommendation_version')
    with op.batch_alter_table('recommendation_transition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_transition_recommendation_id'))

    op.drop_table('recommendation_transition')
    with op.batch_alter_table('recommendation_topic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_topic_topic'))

    op.drop_table('recommendation_topic')
    with op.batch_alter_table('recommendation_session', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendation_session_session_id')

    op.drop_table('recommendation_session')
    with op.batch_alter_table('recommendation_addressee', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendation_addressee_side_id')

    op.drop_table('recommendation_addressee')
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_recommendation_id'))

    op.drop_table('position')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_programme_id'))

    op.drop_table('membership')
    op.drop_table('briefing_release')
    with op.batch_alter_table('briefing_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_briefing_export_programme_id'))

    op.drop_table('briefing_export')
    with op.batch_alter_table('side', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_side_programme_id'))

    op.drop_table('side')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendation_programme_status')

    op.drop_table('recommendation')
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogue_session_programme_starts')
        batch_op.drop_index(batch_op.f('ix_dialogue_session_programme_id'))

    op.drop_table('dialogue_session')
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_session_user_id'))

    op.drop_table('auth_session')
    op.drop_table('user')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_status'))

    op.drop_table('programme')
    with op.batch_alter_table('failure_record', schema=None) as batch_op:
        batch_op.drop_index('ix_failure_record_key_created_at')

    op.drop_table('failure_record')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_programme_id'))
        batch_op.drop_index('ix_audit_event_object')
        batch_op.drop_index(batch_op.f('ix_audit_event_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
