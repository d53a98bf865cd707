-- 0005 audit entries name the unit they concern (Postgres), so that an auditor of a brigade reads only that
-- brigade's entries. Entries written before this migration concern the whole detachment (NULL): only an auditor
-- scoped to the whole detachment reads them.

ALTER TABLE audit_entries ADD unit_id bigint NULL;
CREATE INDEX ix_audit_entries_unit_id ON audit_entries (unit_id);
