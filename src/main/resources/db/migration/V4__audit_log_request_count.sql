-- Unauthenticated refused requests are not stored one row each (anyone could flood the trail):
-- each replica sums them into one periodic row whose request_count says how many it stands for.
ALTER TABLE audit_log ADD COLUMN request_count INTEGER DEFAULT 1 NOT NULL;
