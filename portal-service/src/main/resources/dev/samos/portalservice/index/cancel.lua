-- ARGV: prefix, now, hash, the attempts the caller saw, the CANCELLED record (numbered one past them when PENDING;
-- the running attempt's own number, the attempts seen, when RUNNING), the status the caller saw.
-- Returns 1 (cancelled), 0 (neither PENDING nor RUNNING), -1 (moved on since the caller looked: number it again).
local h = ARGV[3]
local k = xkey(h)
local v = redis.call('HMGET', k, 's', 'a', 'q', 'd')
if v[1] ~= 'PENDING' and v[1] ~= 'RUNNING' then return 0 end
if v[1] ~= ARGV[6] or tonumber(v[2]) ~= tonumber(ARGV[4]) then return -1 end
if v[1] == 'PENDING' then
  redis.call('ZREM', QUEUE, member(v[3], h))
  -- The record takes an attempt number, so a later claim's attempt never shares it.
  redis.call('HSET', k, 's', 'FAILED', 'a', tonumber(ARGV[4]) + 1, 'u', 0)
else
  -- The running attempt's lease ends here: its worker finds it gone at its next renewal and stops the attempt, and
  -- its settle matches no lease.
  redis.call('ZREM', LEASES, member(v[3], h))
  redis.call('HDEL', k, 'o')
  redis.call('HSET', k, 's', 'FAILED', 'u', 0)
end
redis.call('RPUSH', rkey(h), ARGV[5])
count(v[1], 'FAILED')
announce(h, v[4], 'FAILED')
return done(1)
