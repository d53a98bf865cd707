-- 0006 ingestion and connectors (Postgres, issue 6): the record of every batch sent for ingestion, accepted or refused;
-- how far each connector has read each kind (written with the page it follows); the history of pulls.

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

CREATE TABLE connector_states (
    connector character varying(64) NOT NULL,
    kind character varying(32) NOT NULL,
    watermark text,
    pages bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_connector_states PRIMARY KEY (connector, kind)
);

CREATE TABLE connector_runs (
    id uuid NOT NULL,
    connector character varying(64) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    node character varying(128),
    status character varying(16) NOT NULL,
    pages integer NOT NULL,
    rows bigint NOT NULL,
    accepted bigint NOT NULL,
    duplicates bigint NOT NULL,
    attempts integer NOT NULL,
    retries integer NOT NULL,
    error text,
    CONSTRAINT pk_connector_runs PRIMARY KEY (id)
);

CREATE INDEX ix_connector_runs_connector_started_at ON connector_runs (connector, started_at);
