-- 0006 ingestion and connectors (Sqlite, issue 6): the record of every batch sent for ingestion, accepted or refused;
-- how far each connector has read each kind (written with the page it follows); the history of pulls.

CREATE TABLE "ingestion_batches" (
    "id" TEXT NOT NULL CONSTRAINT "pk_ingestion_batches" PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "source" TEXT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" INTEGER NULL,
    "actor_name" TEXT NOT NULL,
    "unit_id" INTEGER NULL,
    "content_type" TEXT NOT NULL,
    "received_at" INTEGER NOT NULL,
    "finished_at" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "accepted" INTEGER NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error_summary" TEXT NULL
);

CREATE INDEX "ix_ingestion_batches_received_at" ON "ingestion_batches" ("received_at");

CREATE TABLE "connector_states" (
    "connector" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "watermark" TEXT NULL,
    "pages" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "pk_connector_states" PRIMARY KEY ("connector", "kind")
);

CREATE TABLE "connector_runs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_connector_runs" PRIMARY KEY,
    "connector" TEXT NOT NULL,
    "started_at" INTEGER NOT NULL,
    "finished_at" INTEGER NULL,
    "node" TEXT NULL,
    "status" TEXT NOT NULL,
    "pages" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "accepted" INTEGER NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "retries" INTEGER NOT NULL,
    "error" TEXT NULL
);

CREATE INDEX "ix_connector_runs_connector_started_at" ON "connector_runs" ("connector", "started_at");
