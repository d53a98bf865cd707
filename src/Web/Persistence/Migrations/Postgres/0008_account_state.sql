-- An account can be disabled, and a password an administrator set (or the generated first one) must be changed at the
-- next sign-in. Existing accounts keep working as before: not disabled, no change required.
ALTER TABLE user_accounts ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE user_accounts ADD COLUMN disabled_at timestamp with time zone NULL;
