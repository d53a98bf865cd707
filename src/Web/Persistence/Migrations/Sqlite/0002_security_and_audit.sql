-- Accounts, API tokens, the keys that protect sign-in cookies (shared by every node), and the append-only audit log.
-- unit_id / officer_id get foreign keys once the organization tables exist in every database (a later script).

CREATE TABLE user_accounts (
    id INTEGER NOT NULL CONSTRAINT pk_user_accounts PRIMARY KEY AUTOINCREMENT,
    user_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER NULL,
    officer_id INTEGER NULL,
    security_stamp TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL,
    locked_until TEXT NULL,
    last_sign_in_at TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_user_accounts_user_name ON user_accounts (user_name);

CREATE TABLE api_tokens (
    id INTEGER NOT NULL CONSTRAINT pk_api_tokens PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    token_prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at TEXT NULL,
    revoked_by TEXT NULL
);
CREATE INDEX ix_api_tokens_token_prefix ON api_tokens (token_prefix);
CREATE UNIQUE INDEX ux_api_tokens_token_hash ON api_tokens (token_hash);

CREATE TABLE data_protection_keys (
    id INTEGER NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NULL,
    xml TEXT NOT NULL
);

CREATE TABLE audit_entries (
    id INTEGER NOT NULL CONSTRAINT pk_audit_entries PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NULL,
    entity_id TEXT NULL,
    before_json TEXT NULL,
    after_json TEXT NULL,
    request_id TEXT NULL,
    ip TEXT NULL
);
CREATE INDEX ix_audit_entries_at ON audit_entries (at);
CREATE INDEX ix_audit_entries_entity ON audit_entries (entity_type, entity_id);
CREATE INDEX ix_audit_entries_actor ON audit_entries (actor);

-- Append-only: whoever holds the database file still cannot rewrite history through SQL without dropping these first.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE is not allowed');
END;
