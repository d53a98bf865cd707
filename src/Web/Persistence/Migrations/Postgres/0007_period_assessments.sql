-- 0007 period assessments (Postgres, issue 11): publication, the appeal window and the review queue move from runs to one
-- assessment per period; outcomes get a stable identity per assessment (copies of earlier runs merged, every decision
-- kept in the history of the surviving row); appeals belong to an assessment and a publication.

CREATE TABLE period_assessments (
    id uuid NOT NULL,
    period character varying(16) NOT NULL,
    scope_unit_id bigint NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    current_run_id uuid NULL,
    published_run_id uuid NULL,
    publication character varying(16) NOT NULL,
    publication_number integer NOT NULL,
    published_at timestamp with time zone NULL,
    appeal_window_ends_at timestamp with time zone NULL,
    finalized_at timestamp with time zone NULL,
    reopened_at timestamp with time zone NULL,
    reopened_by character varying(64) NULL,
    reopen_reason character varying(2000) NULL,
    CONSTRAINT pk_period_assessments PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_period_assessments_period_scope_unit_id ON period_assessments (period, scope_unit_id);

-- One assessment per period that has runs; the whole detachment (the root unit) is the population of today's runs.
INSERT INTO period_assessments (id, period, scope_unit_id, opened_at, publication, publication_number)
SELECT gen_random_uuid(), r.period,
       COALESCE((SELECT u.id FROM units u WHERE u.parent_id IS NULL ORDER BY u.id LIMIT 1), 0),
       MIN(r.queued_at), 'Draft', 0
FROM evaluation_runs r GROUP BY r.period;

-- The current run: the completed run queued last.
UPDATE period_assessments a SET current_run_id = (
    SELECT r.id FROM evaluation_runs r WHERE r.period = a.period AND r.status = 'Completed'
    ORDER BY r.queued_at DESC, r.id DESC LIMIT 1);

-- Publication: the final run if any, else the run published last; the number counts the runs that were published.
UPDATE period_assessments a SET
    published_run_id = p.id, publication = p.publication, published_at = p.published_at,
    appeal_window_ends_at = p.appeal_window_ends_at, finalized_at = p.finalized_at,
    publication_number = (SELECT COUNT(*) FROM evaluation_runs c WHERE c.period = a.period AND c.published_at IS NOT NULL)
FROM (SELECT r.id, r.period, r.publication, r.published_at, r.appeal_window_ends_at, r.finalized_at,
             ROW_NUMBER() OVER (PARTITION BY r.period ORDER BY (r.publication = 'Final') DESC, r.published_at DESC) AS n
      FROM evaluation_runs r WHERE r.publication IN ('Published', 'Final')) p
WHERE p.period = a.period AND p.n = 1;

ALTER TABLE evaluation_runs ADD assessment_id uuid NULL;
UPDATE evaluation_runs r SET assessment_id = (SELECT a.id FROM period_assessments a WHERE a.period = r.period);
ALTER TABLE evaluation_runs ALTER COLUMN assessment_id SET NOT NULL;
CREATE INDEX ix_evaluation_runs_assessment_id ON evaluation_runs (assessment_id);
ALTER TABLE evaluation_runs DROP COLUMN publication, DROP COLUMN published_at, DROP COLUMN appeal_window_ends_at, DROP COLUMN finalized_at;

ALTER TABLE outcomes ADD assessment_id uuid NULL, ADD latest_run_id uuid NULL, ADD scheduled_level character varying(16) NULL,
    ADD identity_key character varying(96) NULL, ADD withdrawn_by_run_id uuid NULL, ADD withdrawn_at timestamp with time zone NULL,
    ADD history text NOT NULL DEFAULT '[]';
UPDATE outcomes o SET
    assessment_id = (SELECT r.assessment_id FROM evaluation_runs r WHERE r.id = o.run_id),
    latest_run_id = o.run_id,
    scheduled_level = CASE WHEN o.status IN ('Scheduled', 'Held') THEN o.level END,
    identity_key = lower(o.subject_kind) || ':' || o.subject_id || ':' ||
        CASE o.kind WHEN 'ExcellentOfficer' THEN 'excellent_officer' WHEN 'AdvancedSquad' THEN 'advanced_squad'
                    WHEN 'Warning' THEN 'warning' WHEN 'Interview' THEN 'interview' ELSE lower(o.kind) END || ':' ||
        COALESCE(lower(o.level), '-');

-- Of the copies of one identity, the one decided last survives (else the latest run's); its history lists every copy's
-- proposal and decision, so no decision is lost. An identity the current run did not propose is withdrawn by it.
CREATE TEMPORARY TABLE outcome_copies AS
SELECT o.id, o.assessment_id, o.identity_key,
       ROW_NUMBER() OVER (PARTITION BY o.assessment_id, o.identity_key
                          ORDER BY (o.reviewed_at IS NULL), COALESCE(o.held_at, o.reviewed_at) DESC NULLS LAST, r.queued_at DESC) AS n,
       bool_or(o.run_id = a.current_run_id) OVER (PARTITION BY o.assessment_id, o.identity_key) AS in_current,
       a.current_run_id, cr.finished_at AS current_finished_at
FROM outcomes o
JOIN evaluation_runs r ON r.id = o.run_id
JOIN period_assessments a ON a.id = o.assessment_id
LEFT JOIN evaluation_runs cr ON cr.id = a.current_run_id;

UPDATE outcomes o SET history = (
    SELECT COALESCE(json_agg(e.event ORDER BY e.at), '[]'::json)::text FROM (
        SELECT c.proposed_at AS at, json_build_object('At', c.proposed_at, 'Action', 'Proposed', 'By', NULL, 'RunId', c.run_id, 'Detail', c.reason) AS event
        FROM outcomes c WHERE c.assessment_id = o.assessment_id AND c.identity_key = o.identity_key
        UNION ALL
        SELECT c.reviewed_at, json_build_object('At', c.reviewed_at, 'Action', CASE WHEN c.status = 'Rejected' THEN 'Rejected' ELSE 'Approved' END, 'By', c.reviewed_by, 'RunId', c.run_id, 'Detail', c.rejection_reason)
        FROM outcomes c WHERE c.assessment_id = o.assessment_id AND c.identity_key = o.identity_key AND c.reviewed_at IS NOT NULL
        UNION ALL
        SELECT c.held_at, json_build_object('At', c.held_at, 'Action', 'Held', 'By', NULL, 'RunId', c.run_id, 'Detail', c.notes)
        FROM outcomes c WHERE c.assessment_id = o.assessment_id AND c.identity_key = o.identity_key AND c.held_at IS NOT NULL) e)
WHERE o.id IN (SELECT id FROM outcome_copies WHERE n = 1);
DELETE FROM outcomes WHERE id IN (SELECT id FROM outcome_copies WHERE n > 1);

UPDATE outcomes o SET latest_run_id = c.current_run_id
FROM outcome_copies c WHERE c.id = o.id AND c.in_current;
UPDATE outcomes o SET latest_run_id = c.current_run_id, withdrawn_by_run_id = c.current_run_id, withdrawn_at = c.current_finished_at
FROM outcome_copies c WHERE c.id = o.id AND NOT c.in_current AND c.current_run_id IS NOT NULL;
DROP TABLE outcome_copies;

ALTER TABLE outcomes ALTER COLUMN assessment_id SET NOT NULL, ALTER COLUMN latest_run_id SET NOT NULL, ALTER COLUMN identity_key SET NOT NULL;
CREATE UNIQUE INDEX ix_outcomes_assessment_id_identity_key ON outcomes (assessment_id, identity_key);
ALTER TABLE outcomes ADD CONSTRAINT fk_outcomes_period_assessments_assessment_id FOREIGN KEY (assessment_id) REFERENCES period_assessments (id) ON DELETE RESTRICT;

ALTER TABLE appeals ADD assessment_id uuid NULL, ADD publication_number integer NOT NULL DEFAULT 1;
UPDATE appeals a SET assessment_id = (SELECT r.assessment_id FROM evaluation_runs r WHERE r.id = a.run_id);
ALTER TABLE appeals ALTER COLUMN assessment_id SET NOT NULL;
CREATE INDEX ix_appeals_assessment_id_officer_id_rule_name ON appeals (assessment_id, officer_id, rule_name);
ALTER TABLE appeals ADD CONSTRAINT fk_appeals_period_assessments_assessment_id FOREIGN KEY (assessment_id) REFERENCES period_assessments (id) ON DELETE RESTRICT;

CREATE UNIQUE INDEX ix_manual_adjustments_source_appeal_id ON manual_adjustments (source_appeal_id);

-- The change list a republication posted; its officers may appeal again in that publication.
CREATE TABLE publication_changes (
    assessment_id uuid NOT NULL,
    publication_number integer NOT NULL,
    subject_kind character varying(16) NOT NULL,
    subject_id bigint NOT NULL,
    label character varying(64) NOT NULL,
    score_before double precision NULL,
    score_after double precision NULL,
    grade_before character varying(32) NULL,
    grade_after character varying(32) NULL,
    rank_before integer NULL,
    rank_after integer NULL,
    outcomes_before character varying(400) NOT NULL,
    outcomes_after character varying(400) NOT NULL,
    CONSTRAINT pk_publication_changes PRIMARY KEY (assessment_id, publication_number, subject_kind, subject_id),
    CONSTRAINT fk_publication_changes_period_assessments_assessment_id FOREIGN KEY (assessment_id) REFERENCES period_assessments (id) ON DELETE RESTRICT
);
