-- Read only. ARGV: prefix, now, live window millis. Returns PENDING, RUNNING, DONE, FAILED, functions, live workers,
-- their threads, validators in use — one consistent snapshot.
local c = redis.call('HMGET', COUNTS, 'PENDING', 'RUNNING', 'DONE', 'FAILED')
local live = redis.call('ZRANGEBYSCORE', P .. 'heartbeats', NOW - tonumber(ARGV[3]), '+inf')
local workers, threads = 0, 0
for _, w in ipairs(live) do
  local t = tonumber(redis.call('HGET', P .. 'worker-threads', w))
  if t and t > 0 then
    workers = workers + 1
    threads = threads + t
  end
end
return {tonumber(c[1]) or 0, tonumber(c[2]) or 0, tonumber(c[3]) or 0, tonumber(c[4]) or 0,
        redis.call('HLEN', P .. 'functions'), workers, threads, redis.call('HKEYS', P .. 'validators')}
