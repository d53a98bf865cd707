-- 0006 connectors (Postgres): how far each connector has read each kind (written with the page it follows), and
-- the history of pulls (issue 6).

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
