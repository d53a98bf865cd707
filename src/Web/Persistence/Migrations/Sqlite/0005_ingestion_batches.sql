-- 0005 ingestion (Sqlite): the record of every batch sent for ingestion, accepted or refused (issue 6).

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
