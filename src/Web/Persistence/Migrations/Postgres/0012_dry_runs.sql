-- 0012 dry runs of a rule version run as background jobs (PostgreSQL): each keeps its state, progress and, once done,
-- its report, so any node answers how far it got. At most one dry run per version and scope is queued or running at once.

CREATE TABLE dry_runs (
    id uuid NOT NULL,
    scheme_name character varying(64) NOT NULL,
    version_number integer NOT NULL,
    period character varying(16) NOT NULL,
    unit_id bigint,
    status character varying(16) NOT NULL,
    stage character varying(16) NOT NULL,
    brigades_done integer NOT NULL,
    brigades_total integer NOT NULL,
    subjects_done integer NOT NULL,
    subjects_total integer NOT NULL,
    started_by character varying(128) NOT NULL,
    queued_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    node character varying(128),
    error text,
    report_json text,
    CONSTRAINT pk_dry_runs PRIMARY KEY (id)
);

CREATE INDEX ix_dry_runs_scheme_name_version_number ON dry_runs (scheme_name, version_number);
CREATE UNIQUE INDEX ux_dry_runs_one_unfinished_per_version_and_scope ON dry_runs (scheme_name, version_number, COALESCE(unit_id, 0))
    WHERE status IN ('Queued', 'Running');
