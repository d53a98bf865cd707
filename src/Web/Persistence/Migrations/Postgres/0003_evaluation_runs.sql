-- 0003 evaluation runs (Postgres): claim keys for idempotent scheduling, run statistics, versioned rule sets,
-- brigade parts of a run and their staged scores (invisible until the run completes).

ALTER TABLE evaluation_runs ADD claim_key character varying(64);
UPDATE evaluation_runs SET claim_key = 'run:' || replace(id::text, '-', '');
ALTER TABLE evaluation_runs ALTER COLUMN claim_key SET NOT NULL;
ALTER TABLE evaluation_runs ADD statistics text;
CREATE UNIQUE INDEX ix_evaluation_runs_claim_key ON evaluation_runs (claim_key);

CREATE TABLE rule_set_versions (
    id uuid NOT NULL,
    scheme_name character varying(64) NOT NULL,
    number integer NOT NULL,
    hash character varying(64) NOT NULL,
    content text NOT NULL,
    error_count integer NOT NULL,
    status character varying(16) NOT NULL,
    effective_from character varying(16),
    created_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    note character varying(2000),
    activated_by character varying(64),
    activated_at timestamp with time zone,
    first_used_for character varying(16),
    CONSTRAINT pk_rule_set_versions PRIMARY KEY (id)
);

CREATE TABLE staged_officer_scores (
    run_id uuid NOT NULL,
    officer_id bigint NOT NULL,
    brigade_id bigint NOT NULL,
    squad_id bigint NOT NULL,
    badge_number character varying(32) NOT NULL,
    name character varying(64) NOT NULL,
    kind character varying(16) NOT NULL,
    post character varying(16) NOT NULL,
    peer_group character varying(256) NOT NULL,
    score double precision NOT NULL,
    grade character varying(32) NOT NULL,
    vetoed boolean NOT NULL,
    barred_from_commendations boolean NOT NULL,
    overdue_cases integer NOT NULL,
    verified_complaints integer NOT NULL,
    subtotals_json text NOT NULL,
    lines_json text NOT NULL,
    outcomes_json text NOT NULL,
    CONSTRAINT pk_staged_officer_scores PRIMARY KEY (run_id, officer_id)
);

CREATE TABLE staged_squad_scores (
    run_id uuid NOT NULL,
    squad_id bigint NOT NULL,
    brigade_id bigint NOT NULL,
    code character varying(64) NOT NULL,
    name character varying(128) NOT NULL,
    score double precision NOT NULL,
    average_officer_score double precision NOT NULL,
    grade character varying(32) NOT NULL,
    vetoed boolean NOT NULL,
    overdue_cases integer NOT NULL,
    verified_complaints integer NOT NULL,
    subtotals_json text NOT NULL,
    lines_json text NOT NULL,
    outcomes_json text NOT NULL,
    CONSTRAINT pk_staged_squad_scores PRIMARY KEY (run_id, squad_id)
);

CREATE TABLE run_parts (
    run_id uuid NOT NULL,
    brigade_id bigint NOT NULL,
    brigade_code character varying(64) NOT NULL,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    node character varying(128),
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    error text,
    officers integer NOT NULL,
    fact_rows bigint NOT NULL,
    load_seconds double precision NOT NULL,
    score_seconds double precision NOT NULL,
    store_seconds double precision NOT NULL,
    CONSTRAINT pk_run_parts PRIMARY KEY (run_id, brigade_id),
    CONSTRAINT fk_run_parts_evaluation_runs_run_id FOREIGN KEY (run_id) REFERENCES evaluation_runs (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_rule_set_versions_scheme_name_number ON rule_set_versions (scheme_name, number);

CREATE INDEX ix_rule_set_versions_scheme_name_status ON rule_set_versions (scheme_name, status);

CREATE INDEX ix_staged_officer_scores_run_id_brigade_id ON staged_officer_scores (run_id, brigade_id);

CREATE INDEX ix_staged_squad_scores_run_id_brigade_id ON staged_squad_scores (run_id, brigade_id);
