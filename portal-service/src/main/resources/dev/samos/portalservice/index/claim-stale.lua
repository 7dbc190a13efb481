-- ARGV: prefix, now, owner, lease millis, limit, stale after millis.
-- Returns the claimed tasks (flat, as claim_next adds them): expired leases, then PENDING executions runnable for
-- at least the stale time, oldest first. A sweep's pick: fresh PENDING ones are left to their task records.
return done(claim_next(ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), {}, tonumber(ARGV[6])))
