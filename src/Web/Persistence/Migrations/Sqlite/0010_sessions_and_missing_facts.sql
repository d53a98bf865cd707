-- Server-side sessions and runs that say which facts they found missing (issue 16): a sign-in cookie names a row of
-- user_sessions; signing out ends the row, so a copied cookie stops working on every node. Cookies issued before
-- this script carry no session id and must sign in again.

CREATE TABLE user_sessions (
    id TEXT NOT NULL CONSTRAINT pk_user_sessions PRIMARY KEY,
    user_id INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NULL
);
CREATE INDEX ix_user_sessions_user_id ON user_sessions (user_id);

-- Lists of facts a run's schemes read that had no record in its period when it was queued; earlier runs flagged none.
ALTER TABLE evaluation_runs ADD COLUMN missing_facts TEXT NOT NULL DEFAULT '[]';
