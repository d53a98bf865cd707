-- 0012 dry runs of a rule version run as background jobs (Sqlite): each keeps its state, progress and, once done, its
-- report, so any node answers how far it got. At most one dry run per version and scope is queued or running at once.

CREATE TABLE "dry_runs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_dry_runs" PRIMARY KEY,
    "scheme_name" TEXT NOT NULL,
    "version_number" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "unit_id" INTEGER NULL,
    "status" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "brigades_done" INTEGER NOT NULL,
    "brigades_total" INTEGER NOT NULL,
    "subjects_done" INTEGER NOT NULL,
    "subjects_total" INTEGER NOT NULL,
    "started_by" TEXT NOT NULL,
    "queued_at" INTEGER NOT NULL,
    "started_at" INTEGER NULL,
    "finished_at" INTEGER NULL,
    "node" TEXT NULL,
    "error" TEXT NULL,
    "report_json" TEXT NULL
);

CREATE INDEX "ix_dry_runs_scheme_name_version_number" ON "dry_runs" ("scheme_name", "version_number");
CREATE UNIQUE INDEX "ux_dry_runs_one_unfinished_per_version_and_scope" ON "dry_runs" ("scheme_name", "version_number", COALESCE("unit_id", 0))
    WHERE "status" IN ('Queued', 'Running');
