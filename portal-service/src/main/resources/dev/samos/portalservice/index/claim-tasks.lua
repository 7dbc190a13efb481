-- ARGV: prefix, now, owner, lease millis, then the hashes task records name.
-- Returns one flat list, per hash in order: 'T' and the task's nine values (taken; as claim_next answers it) |
-- 'F', status (DONE or FAILED) | 'B', owner, until (a live lease) | 'U' (never requested).
-- Each hash is looked at after the ones before it were taken, so one named twice is busy the second time.
local owner = ARGV[3]
local expiry = int(NOW + tonumber(ARGV[4]))
local out = {}
for i = 5, #ARGV do
  local h = ARGV[i]
  local v = redis.call('HMGET', xkey(h), 'd', 'f', 'ki', 'kv', 'a', 't', 'q', 's', 'o', 'u', 'n', 'w')
  local status = v[8]
  if not status then
    out[#out + 1] = 'U'
  elseif status == 'DONE' or status == 'FAILED' then
    out[#out + 1] = 'F'
    out[#out + 1] = status
  elseif status == 'RUNNING' and tonumber(v[10]) > NOW then
    -- Busy even for owner itself: a record delivered twice must not run twice beside its live lease.
    out[#out + 1] = 'B'
    out[#out + 1] = v[9]
    out[#out + 1] = tonumber(v[10])
  else
    -- PENDING whatever its due (the record's delivery is its schedule), or RUNNING whose lease expired.
    local a, t = take(h, status, v[5], v[6], v[7], owner, expiry)
    out[#out + 1] = 'T'
    add_task(out, h, v, a, t, v[11], v[12])
  end
end
return done(out)
