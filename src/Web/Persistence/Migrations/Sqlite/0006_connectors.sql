-- 0006 connectors (Sqlite): how far each connector has read each kind (written with the page it follows), and
-- the history of pulls (issue 6).

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
