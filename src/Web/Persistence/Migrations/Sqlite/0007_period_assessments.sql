-- 0007 period assessments (Sqlite, issue 11): publication, the appeal window and the review queue move from runs to one
-- assessment per period; outcomes get a stable identity per assessment (copies of earlier runs merged, every decision
-- kept in the history of the surviving row); appeals belong to an assessment and a publication.

CREATE TABLE "period_assessments" (
    "id" TEXT NOT NULL CONSTRAINT "pk_period_assessments" PRIMARY KEY,
    "period" TEXT NOT NULL,
    "scope_unit_id" INTEGER NOT NULL,
    "opened_at" INTEGER NOT NULL,
    "current_run_id" TEXT NULL,
    "published_run_id" TEXT NULL,
    "publication" TEXT NOT NULL,
    "publication_number" INTEGER NOT NULL,
    "published_at" INTEGER NULL,
    "appeal_window_ends_at" INTEGER NULL,
    "finalized_at" INTEGER NULL,
    "reopened_at" INTEGER NULL,
    "reopened_by" TEXT NULL,
    "reopen_reason" TEXT NULL
);
CREATE UNIQUE INDEX "ix_period_assessments_period_scope_unit_id" ON "period_assessments" ("period", "scope_unit_id");

-- One assessment per period that has runs; the whole detachment (the root unit) is the population of today's runs.
INSERT INTO "period_assessments" ("id", "period", "scope_unit_id", "opened_at", "publication", "publication_number")
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
       r."period",
       COALESCE((SELECT u."id" FROM "units" u WHERE u."parent_id" IS NULL ORDER BY u."id" LIMIT 1), 0),
       MIN(r."queued_at"), 'Draft', 0
FROM "evaluation_runs" r GROUP BY r."period";

-- The current run: the completed run queued last.
UPDATE "period_assessments" SET "current_run_id" = (
    SELECT r."id" FROM "evaluation_runs" r WHERE r."period" = "period_assessments"."period" AND r."status" = 'Completed'
    ORDER BY r."queued_at" DESC, r."id" DESC LIMIT 1);

-- Publication: the final run if any, else the run published last; the number counts the runs that were published.
UPDATE "period_assessments" SET
    "published_run_id" = p."id", "publication" = p."publication", "published_at" = p."published_at",
    "appeal_window_ends_at" = p."appeal_window_ends_at", "finalized_at" = p."finalized_at",
    "publication_number" = (SELECT COUNT(*) FROM "evaluation_runs" c WHERE c."period" = "period_assessments"."period" AND c."published_at" IS NOT NULL)
FROM (SELECT r."id", r."period", r."publication", r."published_at", r."appeal_window_ends_at", r."finalized_at",
             ROW_NUMBER() OVER (PARTITION BY r."period" ORDER BY r."publication" = 'Final' DESC, r."published_at" DESC) AS "n"
      FROM "evaluation_runs" r WHERE r."publication" IN ('Published', 'Final')) p
WHERE p."period" = "period_assessments"."period" AND p."n" = 1;

ALTER TABLE "evaluation_runs" ADD "assessment_id" TEXT NOT NULL DEFAULT '';
UPDATE "evaluation_runs" SET "assessment_id" = (SELECT a."id" FROM "period_assessments" a WHERE a."period" = "evaluation_runs"."period");
CREATE INDEX "ix_evaluation_runs_assessment_id" ON "evaluation_runs" ("assessment_id");
ALTER TABLE "evaluation_runs" DROP COLUMN "publication";
ALTER TABLE "evaluation_runs" DROP COLUMN "published_at";
ALTER TABLE "evaluation_runs" DROP COLUMN "appeal_window_ends_at";
ALTER TABLE "evaluation_runs" DROP COLUMN "finalized_at";

ALTER TABLE "outcomes" ADD "assessment_id" TEXT NOT NULL DEFAULT '';
ALTER TABLE "outcomes" ADD "latest_run_id" TEXT NOT NULL DEFAULT '';
ALTER TABLE "outcomes" ADD "scheduled_level" TEXT NULL;
ALTER TABLE "outcomes" ADD "identity_key" TEXT NOT NULL DEFAULT '';
ALTER TABLE "outcomes" ADD "withdrawn_by_run_id" TEXT NULL;
ALTER TABLE "outcomes" ADD "withdrawn_at" INTEGER NULL;
ALTER TABLE "outcomes" ADD "history" TEXT NOT NULL DEFAULT '[]';
UPDATE "outcomes" SET
    "assessment_id" = (SELECT r."assessment_id" FROM "evaluation_runs" r WHERE r."id" = "outcomes"."run_id"),
    "latest_run_id" = "run_id",
    "scheduled_level" = CASE WHEN "status" IN ('Scheduled', 'Held') THEN "level" END,
    "identity_key" = lower("subject_kind") || ':' || "subject_id" || ':' ||
        CASE "kind" WHEN 'ExcellentOfficer' THEN 'excellent_officer' WHEN 'AdvancedSquad' THEN 'advanced_squad'
                    WHEN 'Warning' THEN 'warning' WHEN 'Interview' THEN 'interview' ELSE lower("kind") END || ':' ||
        COALESCE(lower("level"), '-');

-- Of the copies of one identity, the one decided last survives (else the latest run's); its history lists every copy's
-- proposal and decision, so no decision is lost. An identity the current run did not propose is withdrawn by it.
CREATE TEMPORARY TABLE "outcome_copies" AS
SELECT o."id", o."assessment_id", o."identity_key",
       ROW_NUMBER() OVER (PARTITION BY o."assessment_id", o."identity_key"
                          ORDER BY o."reviewed_at" IS NULL, COALESCE(o."held_at", o."reviewed_at") DESC, r."queued_at" DESC) AS "n",
       MAX(o."run_id" = a."current_run_id") OVER (PARTITION BY o."assessment_id", o."identity_key") AS "in_current",
       a."current_run_id", cr."finished_at" AS "current_finished_at"
FROM "outcomes" o
JOIN "evaluation_runs" r ON r."id" = o."run_id"
JOIN "period_assessments" a ON a."id" = o."assessment_id"
LEFT JOIN "evaluation_runs" cr ON cr."id" = a."current_run_id";

UPDATE "outcomes" SET "history" = (
    SELECT json_group_array(json(e."event")) FROM (
        SELECT c."proposed_at" AS "at", json_object('At', strftime('%Y-%m-%dT%H:%M:%fZ', c."proposed_at" / 1000.0, 'unixepoch'), 'Action', 'Proposed', 'By', NULL, 'RunId', lower(c."run_id"), 'Detail', c."reason") AS "event"
        FROM "outcomes" c WHERE c."assessment_id" = "outcomes"."assessment_id" AND c."identity_key" = "outcomes"."identity_key"
        UNION ALL
        SELECT c."reviewed_at", json_object('At', strftime('%Y-%m-%dT%H:%M:%fZ', c."reviewed_at" / 1000.0, 'unixepoch'), 'Action', CASE WHEN c."status" = 'Rejected' THEN 'Rejected' ELSE 'Approved' END, 'By', c."reviewed_by", 'RunId', lower(c."run_id"), 'Detail', c."rejection_reason")
        FROM "outcomes" c WHERE c."assessment_id" = "outcomes"."assessment_id" AND c."identity_key" = "outcomes"."identity_key" AND c."reviewed_at" IS NOT NULL
        UNION ALL
        SELECT c."held_at", json_object('At', strftime('%Y-%m-%dT%H:%M:%fZ', c."held_at" / 1000.0, 'unixepoch'), 'Action', 'Held', 'By', NULL, 'RunId', lower(c."run_id"), 'Detail', c."notes")
        FROM "outcomes" c WHERE c."assessment_id" = "outcomes"."assessment_id" AND c."identity_key" = "outcomes"."identity_key" AND c."held_at" IS NOT NULL
        ORDER BY 1) e)
WHERE "id" IN (SELECT "id" FROM "outcome_copies" WHERE "n" = 1);
DELETE FROM "outcomes" WHERE "id" IN (SELECT "id" FROM "outcome_copies" WHERE "n" > 1);

UPDATE "outcomes" SET "latest_run_id" = c."current_run_id"
FROM "outcome_copies" c WHERE c."id" = "outcomes"."id" AND c."in_current" = 1;
UPDATE "outcomes" SET "latest_run_id" = c."current_run_id", "withdrawn_by_run_id" = c."current_run_id", "withdrawn_at" = c."current_finished_at"
FROM "outcome_copies" c WHERE c."id" = "outcomes"."id" AND c."in_current" = 0 AND c."current_run_id" IS NOT NULL;
DROP TABLE "outcome_copies";
CREATE UNIQUE INDEX "ix_outcomes_assessment_id_identity_key" ON "outcomes" ("assessment_id", "identity_key");

ALTER TABLE "appeals" ADD "assessment_id" TEXT NOT NULL DEFAULT '';
ALTER TABLE "appeals" ADD "publication_number" INTEGER NOT NULL DEFAULT 1;
UPDATE "appeals" SET "assessment_id" = (SELECT r."assessment_id" FROM "evaluation_runs" r WHERE r."id" = "appeals"."run_id");
CREATE INDEX "ix_appeals_assessment_id_officer_id_rule_name" ON "appeals" ("assessment_id", "officer_id", "rule_name");

CREATE UNIQUE INDEX "ix_manual_adjustments_source_appeal_id" ON "manual_adjustments" ("source_appeal_id");

-- The change list a republication posted; its officers may appeal again in that publication.
CREATE TABLE "publication_changes" (
    "assessment_id" TEXT NOT NULL,
    "publication_number" INTEGER NOT NULL,
    "subject_kind" TEXT NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "score_before" REAL NULL,
    "score_after" REAL NULL,
    "grade_before" TEXT NULL,
    "grade_after" TEXT NULL,
    "rank_before" INTEGER NULL,
    "rank_after" INTEGER NULL,
    "outcomes_before" TEXT NOT NULL,
    "outcomes_after" TEXT NOT NULL,
    CONSTRAINT "pk_publication_changes" PRIMARY KEY ("assessment_id", "publication_number", "subject_kind", "subject_id"),
    CONSTRAINT "fk_publication_changes_period_assessments_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "period_assessments" ("id") ON DELETE RESTRICT
);
