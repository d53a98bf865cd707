-- 0009 Hangfire replaces Quartz (Postgres, issue 12): each attempt at a brigade part holds a token, and only the
-- attempt holding it may write the part's staged scores (fencing); Quartz's tables go, Hangfire keeps its own in
-- schema "hangfire", created at start-up by its installer under the migrator's advisory lock.

ALTER TABLE run_parts ADD COLUMN attempt_token uuid;

DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state, qrtz_locks, qrtz_simple_triggers,
    qrtz_simprop_triggers, qrtz_cron_triggers, qrtz_blob_triggers, qrtz_triggers, qrtz_job_details, qrtz_calendars CASCADE;
