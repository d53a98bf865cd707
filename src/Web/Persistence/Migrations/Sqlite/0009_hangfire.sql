-- 0009 Hangfire replaces Quartz (SQLite, issue 12): each attempt at a brigade part holds a token, and only the attempt
-- holding it may write the part's staged scores (fencing). The embedded store keeps Hangfire's jobs in memory.

ALTER TABLE "run_parts" ADD COLUMN "attempt_token" TEXT NULL;
