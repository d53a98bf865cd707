-- 0005 ingestion (Postgres): the record of every batch sent for ingestion, accepted or refused (issue 6).

CREATE TABLE ingestion_batches (
    id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    source character varying(64),
    actor_kind character varying(16) NOT NULL,
    actor_id bigint,
    actor_name character varying(128) NOT NULL,
    unit_id bigint,
    content_type character varying(64) NOT NULL,
    received_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    rows bigint NOT NULL,
    accepted bigint NOT NULL,
    duplicates bigint NOT NULL,
    errors bigint NOT NULL,
    status character varying(16) NOT NULL,
    error_summary text,
    CONSTRAINT pk_ingestion_batches PRIMARY KEY (id)
);

CREATE INDEX ix_ingestion_batches_received_at ON ingestion_batches (received_at);
