-- 0003 evaluation runs (Sqlite): claim keys for idempotent scheduling, run statistics, versioned rule sets,
-- brigade parts of a run and their staged scores (invisible until the run completes).

ALTER TABLE "evaluation_runs" ADD "claim_key" TEXT NOT NULL DEFAULT '';
UPDATE "evaluation_runs" SET "claim_key" = 'run:' || lower(replace("id", '-', ''));
ALTER TABLE "evaluation_runs" ADD "statistics" TEXT NULL;
CREATE UNIQUE INDEX "ix_evaluation_runs_claim_key" ON "evaluation_runs" ("claim_key");

CREATE TABLE "rule_set_versions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_rule_set_versions" PRIMARY KEY,
    "scheme_name" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "error_count" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "effective_from" TEXT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "note" TEXT NULL,
    "activated_by" TEXT NULL,
    "activated_at" INTEGER NULL,
    "first_used_for" TEXT NULL
);

CREATE TABLE "staged_officer_scores" (
    "run_id" TEXT NOT NULL,
    "officer_id" INTEGER NOT NULL,
    "brigade_id" INTEGER NOT NULL,
    "squad_id" INTEGER NOT NULL,
    "badge_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "post" TEXT NOT NULL,
    "peer_group" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "grade" TEXT NOT NULL,
    "vetoed" INTEGER NOT NULL,
    "barred_from_commendations" INTEGER NOT NULL,
    "overdue_cases" INTEGER NOT NULL,
    "verified_complaints" INTEGER NOT NULL,
    "subtotals_json" TEXT NOT NULL,
    "lines_json" TEXT NOT NULL,
    "outcomes_json" TEXT NOT NULL,
    CONSTRAINT "pk_staged_officer_scores" PRIMARY KEY ("run_id", "officer_id")
);

CREATE TABLE "staged_squad_scores" (
    "run_id" TEXT NOT NULL,
    "squad_id" INTEGER NOT NULL,
    "brigade_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "average_officer_score" REAL NOT NULL,
    "grade" TEXT NOT NULL,
    "vetoed" INTEGER NOT NULL,
    "overdue_cases" INTEGER NOT NULL,
    "verified_complaints" INTEGER NOT NULL,
    "subtotals_json" TEXT NOT NULL,
    "lines_json" TEXT NOT NULL,
    "outcomes_json" TEXT NOT NULL,
    CONSTRAINT "pk_staged_squad_scores" PRIMARY KEY ("run_id", "squad_id")
);

CREATE TABLE "run_parts" (
    "run_id" TEXT NOT NULL,
    "brigade_id" INTEGER NOT NULL,
    "brigade_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "node" TEXT NULL,
    "started_at" INTEGER NULL,
    "finished_at" INTEGER NULL,
    "error" TEXT NULL,
    "officers" INTEGER NOT NULL,
    "fact_rows" INTEGER NOT NULL,
    "load_seconds" REAL NOT NULL,
    "score_seconds" REAL NOT NULL,
    "store_seconds" REAL NOT NULL,
    CONSTRAINT "pk_run_parts" PRIMARY KEY ("run_id", "brigade_id"),
    CONSTRAINT "fk_run_parts_evaluation_runs_run_id" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_rule_set_versions_scheme_name_number" ON "rule_set_versions" ("scheme_name", "number");

CREATE INDEX "ix_rule_set_versions_scheme_name_status" ON "rule_set_versions" ("scheme_name", "status");

CREATE INDEX "ix_staged_officer_scores_run_id_brigade_id" ON "staged_officer_scores" ("run_id", "brigade_id");

CREATE INDEX "ix_staged_squad_scores_run_id_brigade_id" ON "staged_squad_scores" ("run_id", "brigade_id");
