-- Server-side sessions (issue 16): a sign-in cookie names a row here; signing out ends the row, so a copied cookie
-- stops working on every node. Cookies issued before this script carry no session id and must sign in again.

CREATE TABLE user_sessions (
    id TEXT NOT NULL CONSTRAINT pk_user_sessions PRIMARY KEY,
    user_id INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NULL
);
CREATE INDEX ix_user_sessions_user_id ON user_sessions (user_id);
