-- 0011 every run part records how many subjects the other engine scored again and where it disagreed (PostgreSQL);
-- a run with a disagreement is published only after an Admin acknowledged it with a reason. Existing parts were
-- not cross-checked: 0 subjects, no disagreements.

ALTER TABLE run_parts ADD cross_checked integer NOT NULL DEFAULT 0;
ALTER TABLE run_parts ADD disagreements_json text;

CREATE TABLE run_cross_check_acknowledgements (
    run_id uuid NOT NULL,
    acknowledged_by character varying(128) NOT NULL,
    acknowledged_at timestamp with time zone NOT NULL,
    reason text NOT NULL,
    CONSTRAINT pk_run_cross_check_acknowledgements PRIMARY KEY (run_id),
    CONSTRAINT fk_run_cross_check_acknowledgements_evaluation_runs_run_id FOREIGN KEY (run_id) REFERENCES evaluation_runs (id) ON DELETE CASCADE
);
