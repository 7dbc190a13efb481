-- ARGV: prefix, now, then per outcome: hash, descriptor, function, 'i' (inline kwargs) or 'v' (address), kwargs,
-- result address, '1' if inline result else '0', inline result, the DONE record, its attempt number.
-- Puts back DONE executions that the source of truth (S3) holds, e.g. after Redis lost its data: an execution
-- already DONE is left as it is; one known in another status becomes DONE (out of the queue, its lease dropped);
-- an unknown one is created DONE. Returns how many changed.
local changed = 0
for i = 3, #ARGV, 10 do
  local h = ARGV[i]
  local k = xkey(h)
  local v = redis.call('HMGET', k, 's', 'q', 'a')
  if v[1] ~= 'DONE' then
    local attempt = tonumber(ARGV[i + 9])
    if not v[1] then
      insert(h, ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], 'DONE', attempt, nil, 0)
    else
      local m = member(v[2], h)
      redis.call('ZREM', QUEUE, m)
      redis.call('ZREM', LEASES, m)
      redis.call('HDEL', k, 'o')
      redis.call('HSET', k, 's', 'DONE', 'u', 0, 'a', math.max(attempt, tonumber(v[3])))
      count(v[1], 'DONE')
    end
    redis.call('HSET', k, 'ra', ARGV[i + 5])
    if ARGV[i + 6] == '1' then redis.call('HSET', k, 'ri', ARGV[i + 7]) else redis.call('HDEL', k, 'ri') end
    redis.call('HSET', k, 'rd', ARGV[i + 8])
    announce(h, ARGV[i + 1], 'DONE')
    changed = changed + 1
  end
end
return done(changed)
