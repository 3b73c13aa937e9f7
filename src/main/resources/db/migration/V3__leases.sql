-- Leader election among replicas that share the store: one row per lease. Times are the holders'
-- clocks in epoch milliseconds (as Kubernetes Leases use the clients' clocks); the renew deadline
-- is shorter than the lease so a holder stops acting before anyone else may take over.
CREATE TABLE leases (
    name        VARCHAR(63)  NOT NULL,
    holder      VARCHAR(128) NOT NULL,
    expires_at  BIGINT       NOT NULL,
    transitions BIGINT       NOT NULL,
    CONSTRAINT leases_pk PRIMARY KEY (name)
);
