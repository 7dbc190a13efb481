-- ARGV: prefix, now, hash, the attempts the caller saw, the CANCELLED record numbered one past them.
-- Returns 1 (cancelled), 0 (not PENDING), -1 (attempts moved on since the caller looked: number it again).
local h = ARGV[3]
local k = xkey(h)
local v = redis.call('HMGET', k, 's', 'a', 'q', 'd')
if v[1] ~= 'PENDING' then return 0 end
if tonumber(v[2]) ~= tonumber(ARGV[4]) then return -1 end
redis.call('ZREM', QUEUE, member(v[3], h))
-- The record takes an attempt number, so a later claim's attempt never shares it.
redis.call('HSET', k, 's', 'FAILED', 'a', tonumber(ARGV[4]) + 1, 'u', 0)
redis.call('RPUSH', rkey(h), ARGV[5])
count('PENDING', 'FAILED')
announce(h, v[4], 'FAILED')
return done(1)
