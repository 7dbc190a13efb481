-- ARGV: prefix, now, then per request: hash, descriptor, function, 'i' (inline kwargs) or 'v' (address), kwargs,
-- depth of its requester, '1' if its caller waits on it else '0'. Returns per request: status, 1 if this request
-- (re)started it else 0.
local out = {}
for i = 3, #ARGV, 7 do
  local h = ARGV[i]
  local k = xkey(h)
  local v = redis.call('HMGET', k, 's', 'q')
  if not v[1] then
    local m = insert(h, ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], 'PENDING', '0', nil, ARGV[2], ARGV[i + 5],
                     ARGV[i + 6])
    zadd(QUEUE, ARGV[2], m)
    out[#out + 1] = 'PENDING'
    out[#out + 1] = 1
  elseif v[1] == 'FAILED' then
    -- requested again, it runs the function of this request (its validators, e.g. a longer time limit), as deep
    -- as this request was made, and waited on as this request is
    redis.call('HSET', k, 's', 'PENDING', 't', '0', 'u', ARGV[2], 'f', ARGV[i + 2])
    set_request(k, ARGV[i + 5], ARGV[i + 6])
    zadd(QUEUE, ARGV[2], member(v[2], h))
    count('FAILED', 'PENDING')
    out[#out + 1] = 'PENDING'
    out[#out + 1] = 1
  else
    out[#out + 1] = v[1]
    out[#out + 1] = 0
  end
end
return done(out)
