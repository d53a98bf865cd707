-- 0001 initial schema (Sqlite): organisation, duty facts, evaluation runs, results, outcomes, appeals.
-- Generated from the EF model with 'schema-script --provider Sqlite', then reviewed. Never edit after release: add 0002…

CREATE TABLE "attendance_days" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_attendance_days" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "minutes_late" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "cases" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "accepted_at" INTEGER NOT NULL,
    "deadline_at" INTEGER NOT NULL,
    "closed_at" INTEGER NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "commendations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_commendations" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "awarded_at" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "complaints" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_complaints" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "finding" TEXT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "discipline_incidents" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_discipline_incidents" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "dismissal_reason" TEXT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "enforcement_actions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_enforcement_actions" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "has_footage" INTEGER NOT NULL,
    "upload_delay_hours" REAL NULL,
    "penalty_issued" INTEGER NOT NULL,
    "penalty_decision_number" TEXT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "evaluation_runs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_evaluation_runs" PRIMARY KEY,
    "period" TEXT NOT NULL,
    "data_cut_off" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "node" TEXT NULL,
    "queued_at" INTEGER NOT NULL,
    "started_at" INTEGER NULL,
    "finished_at" INTEGER NULL,
    "publication" TEXT NOT NULL,
    "published_at" INTEGER NULL,
    "appeal_window_ends_at" INTEGER NULL,
    "finalized_at" INTEGER NULL,
    "supersedes_run_id" TEXT NULL,
    "schemes" TEXT NOT NULL
);


CREATE TABLE "imported_indicators" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_imported_indicators" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NULL,
    "unit_id" INTEGER NULL,
    "period" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "imported_at" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "manual_adjustments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_manual_adjustments" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "rule_name" TEXT NOT NULL,
    "points" REAL NOT NULL,
    "reason" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "made_at" INTEGER NOT NULL,
    "source_appeal_id" TEXT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "shifts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_shifts" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "post" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "hours" REAL NOT NULL,
    "signed_in" INTEGER NOT NULL,
    "off_post" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "training_results" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_training_results" PRIMARY KEY AUTOINCREMENT,
    "officer_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "taken_at" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "passed" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL
);


CREATE TABLE "units" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_units" PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_id" INTEGER NULL,
    CONSTRAINT "fk_units_units_parent_id" FOREIGN KEY ("parent_id") REFERENCES "units" ("id") ON DELETE RESTRICT
);


CREATE TABLE "outcomes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_outcomes" PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_kind" TEXT NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "level" TEXT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "proposed_at" INTEGER NOT NULL,
    "reviewed_by" TEXT NULL,
    "reviewed_at" INTEGER NULL,
    "rejection_reason" TEXT NULL,
    "interviewer" TEXT NULL,
    "scheduled_for" INTEGER NULL,
    "held_at" INTEGER NULL,
    "notes" TEXT NULL,
    CONSTRAINT "fk_outcomes_evaluation_runs_run_id" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs" ("id") ON DELETE RESTRICT
);


CREATE TABLE "officers" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_officers" PRIMARY KEY,
    "badge_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "post" TEXT NOT NULL,
    "squad_id" INTEGER NOT NULL,
    "is_squad_leader" INTEGER NOT NULL,
    "is_brigade_leader" INTEGER NOT NULL,
    "supervisor_id" INTEGER NULL,
    "joined_on" TEXT NOT NULL,
    "left_on" TEXT NULL,
    CONSTRAINT "fk_officers_officers_supervisor_id" FOREIGN KEY ("supervisor_id") REFERENCES "officers" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_officers_units_squad_id" FOREIGN KEY ("squad_id") REFERENCES "units" ("id") ON DELETE RESTRICT
);


CREATE TABLE "squad_results" (
    "id" TEXT NOT NULL CONSTRAINT "pk_squad_results" PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "squad_id" INTEGER NOT NULL,
    "brigade_id" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "average_officer_score" REAL NOT NULL,
    "grade" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "peer_group_size" INTEGER NOT NULL,
    "percentile" REAL NOT NULL,
    "vetoed" INTEGER NOT NULL,
    "lines" TEXT NOT NULL,
    "subtotals" TEXT NOT NULL,
    CONSTRAINT "fk_squad_results_evaluation_runs_run_id" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_squad_results_units_squad_id" FOREIGN KEY ("squad_id") REFERENCES "units" ("id") ON DELETE RESTRICT
);


CREATE TABLE "appeals" (
    "id" TEXT NOT NULL CONSTRAINT "pk_appeals" PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "officer_id" INTEGER NOT NULL,
    "rule_name" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "filed_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "decided_by" TEXT NULL,
    "decided_at" INTEGER NULL,
    "decision_reason" TEXT NULL,
    "adjusted_points" REAL NULL,
    CONSTRAINT "fk_appeals_evaluation_runs_run_id" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_appeals_officers_officer_id" FOREIGN KEY ("officer_id") REFERENCES "officers" ("id") ON DELETE RESTRICT
);


CREATE TABLE "officer_results" (
    "id" TEXT NOT NULL CONSTRAINT "pk_officer_results" PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "officer_id" INTEGER NOT NULL,
    "badge_number" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "post" TEXT NOT NULL,
    "squad_id" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "grade" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "peer_group_size" INTEGER NOT NULL,
    "percentile" REAL NOT NULL,
    "vetoed" INTEGER NOT NULL,
    "lines" TEXT NOT NULL,
    "subtotals" TEXT NOT NULL,
    CONSTRAINT "fk_officer_results_evaluation_runs_run_id" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_officer_results_officers_officer_id" FOREIGN KEY ("officer_id") REFERENCES "officers" ("id") ON DELETE RESTRICT
);


CREATE INDEX "ix_appeals_officer_id" ON "appeals" ("officer_id");


CREATE INDEX "ix_appeals_run_id_officer_id" ON "appeals" ("run_id", "officer_id");


CREATE UNIQUE INDEX "ix_attendance_days_external_id" ON "attendance_days" ("external_id");


CREATE INDEX "ix_attendance_days_officer_id_day" ON "attendance_days" ("officer_id", "day");


CREATE UNIQUE INDEX "ix_cases_external_id" ON "cases" ("external_id");


CREATE INDEX "ix_cases_officer_id_accepted_at" ON "cases" ("officer_id", "accepted_at");


CREATE UNIQUE INDEX "ix_commendations_external_id" ON "commendations" ("external_id");


CREATE INDEX "ix_commendations_officer_id_awarded_at" ON "commendations" ("officer_id", "awarded_at");


CREATE UNIQUE INDEX "ix_complaints_external_id" ON "complaints" ("external_id");


CREATE INDEX "ix_complaints_officer_id_received_at" ON "complaints" ("officer_id", "received_at");


CREATE UNIQUE INDEX "ix_discipline_incidents_external_id" ON "discipline_incidents" ("external_id");


CREATE INDEX "ix_discipline_incidents_officer_id_occurred_at" ON "discipline_incidents" ("officer_id", "occurred_at");


CREATE UNIQUE INDEX "ix_enforcement_actions_external_id" ON "enforcement_actions" ("external_id");


CREATE INDEX "ix_enforcement_actions_officer_id_occurred_at" ON "enforcement_actions" ("officer_id", "occurred_at");


CREATE INDEX "ix_evaluation_runs_period_status" ON "evaluation_runs" ("period", "status");


CREATE UNIQUE INDEX "ix_imported_indicators_external_id" ON "imported_indicators" ("external_id");


CREATE INDEX "ix_imported_indicators_period_officer_id" ON "imported_indicators" ("period", "officer_id");


CREATE INDEX "ix_imported_indicators_period_unit_id" ON "imported_indicators" ("period", "unit_id");


CREATE UNIQUE INDEX "ix_manual_adjustments_external_id" ON "manual_adjustments" ("external_id");


CREATE INDEX "ix_manual_adjustments_period_officer_id" ON "manual_adjustments" ("period", "officer_id");


CREATE INDEX "ix_officer_results_officer_id_run_id" ON "officer_results" ("officer_id", "run_id");


CREATE UNIQUE INDEX "ix_officer_results_run_id_officer_id" ON "officer_results" ("run_id", "officer_id");


CREATE UNIQUE INDEX "ix_officers_badge_number" ON "officers" ("badge_number");


CREATE INDEX "ix_officers_squad_id" ON "officers" ("squad_id");


CREATE INDEX "ix_officers_supervisor_id" ON "officers" ("supervisor_id");


CREATE INDEX "ix_outcomes_run_id_status" ON "outcomes" ("run_id", "status");


CREATE INDEX "ix_outcomes_subject_kind_subject_id" ON "outcomes" ("subject_kind", "subject_id");


CREATE UNIQUE INDEX "ix_shifts_external_id" ON "shifts" ("external_id");


CREATE INDEX "ix_shifts_officer_id_start" ON "shifts" ("officer_id", "start");


CREATE UNIQUE INDEX "ix_squad_results_run_id_squad_id" ON "squad_results" ("run_id", "squad_id");


CREATE INDEX "ix_squad_results_squad_id" ON "squad_results" ("squad_id");


CREATE UNIQUE INDEX "ix_training_results_external_id" ON "training_results" ("external_id");


CREATE INDEX "ix_training_results_officer_id_taken_at" ON "training_results" ("officer_id", "taken_at");


CREATE UNIQUE INDEX "ix_units_code" ON "units" ("code");


CREATE INDEX "ix_units_parent_id" ON "units" ("parent_id");
