-- 0004 run data cut-off (Sqlite): the highest fact id per kind a run reads, fixed when it is queued.
-- Runs queued before this migration read every fact (empty list).

ALTER TABLE "evaluation_runs" ADD "fact_watermarks" TEXT NOT NULL DEFAULT '[]';
