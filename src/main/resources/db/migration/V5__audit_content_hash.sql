-- The SHA-256 of content that runs on instances (user data, bootstrap templates) a change
-- request carried, so a reviewer can tell which script an admin set without the log holding it.
ALTER TABLE audit_log ADD COLUMN content_sha256 VARCHAR(1024);
