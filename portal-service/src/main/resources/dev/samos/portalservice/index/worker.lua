-- ARGV: prefix, now, worker, threads (heartbeat) or nothing (remove). Heartbeats are a zset by time, so counting
-- the live ones reads only those in the window.
local w = ARGV[3]
if ARGV[4] then
  redis.call('HSET', P .. 'worker-threads', w, ARGV[4])
  redis.call('HSET', P .. 'worker-hosts', w, ARGV[5])
  redis.call('ZADD', P .. 'heartbeats', NOW, w)
else
  redis.call('HDEL', P .. 'worker-threads', w)
  redis.call('HDEL', P .. 'worker-hosts', w)
  redis.call('ZREM', P .. 'heartbeats', w)
end
return 1
