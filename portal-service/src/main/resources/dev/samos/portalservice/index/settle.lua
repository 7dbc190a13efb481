-- ARGV: prefix, now, owner, lease millis, claim next, then per settlement: kind ('D' done, 'R' retry, 'H' hand
-- back, 'F' failed), hash, attempt, record, not before, result address, '1' if inline result else '0', inline.
-- Returns {refused settlement numbers (1-based), claimed tasks (flat, as claim_next adds them)}.
-- Each settlement is checked against the state the ones before it left, so one listed twice applies once.
local owner = ARGV[3]
local lease = tonumber(ARGV[4])
local refused = {}
local n = 0
for i = 6, #ARGV, 8 do
  n = n + 1
  local kind, h = ARGV[i], ARGV[i + 1]
  local k = xkey(h)
  local v = redis.call('HMGET', k, 's', 'o', 'a', 'q', 't', 'd')
  if v[1] ~= 'RUNNING' or v[2] ~= owner or tonumber(v[3]) ~= tonumber(ARGV[i + 2]) then
    refused[#refused + 1] = n
  else
    -- One write to the hash whatever the kind, the lease's member leaving LEASES with the batch's other members.
    -- The lease's owner stays behind in field o: every reader looks at it only while the status is RUNNING, and
    -- a new lease overwrites it. Nor is there a stale inline result to drop: only DONE has one, and forget.lua
    -- drops it when a DONE execution becomes FAILED.
    local m = member(v[4], h)
    zrem(LEASES, m)
    if kind == 'D' then
      -- The DONE record, always the last, goes in the hash (field rd): most executions are done at their first
      -- attempt, and then they need no list of records at all, a key and its list's overhead saved for good.
      if ARGV[i + 6] == '1' then
        redis.call('HSET', k, 's', 'DONE', 'ra', ARGV[i + 5], 'u', '0', 'rd', ARGV[i + 3], 'ri', ARGV[i + 7])
      else
        redis.call('HSET', k, 's', 'DONE', 'ra', ARGV[i + 5], 'u', '0', 'rd', ARGV[i + 3])
      end
      count('RUNNING', 'DONE')
      announce(h, v[6], 'DONE')
    elseif kind == 'F' then
      redis.call('RPUSH', rkey(h), ARGV[i + 3])
      redis.call('HSET', k, 's', 'FAILED', 'u', '0')
      count('RUNNING', 'FAILED')
      announce(h, v[6], 'FAILED')
    else
      redis.call('RPUSH', rkey(h), ARGV[i + 3])
      -- Runnable from notBefore, never before now: a notBefore already past must not make a retry look stale to
      -- a sweep before its record had a chance.
      local due = int(math.max(tonumber(ARGV[i + 4]), NOW))
      if kind == 'H' then
        redis.call('HSET', k, 's', 'PENDING', 'u', due, 't', int(tonumber(v[5]) - 1))
      else
        redis.call('HSET', k, 's', 'PENDING', 'u', due)
      end
      zadd(QUEUE, due, m)
      count('RUNNING', 'PENDING')
    end
  end
end
return done({refused, claim_next(owner, lease, tonumber(ARGV[5]), {})})
