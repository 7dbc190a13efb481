-- ARGV: prefix, now, owner, lease millis, hash, descriptor, function, 'i' or 'v', kwargs, depth of the caller,
-- '1' if it is a caller's own call run by another worker else '0'.
-- Returns {'C', attempt} | {'D', result address, result inline or nil} | {'H', owner, until}.
local owner = ARGV[3]
local lease = tonumber(ARGV[4])
local h = ARGV[5]
local v = redis.call('HMGET', xkey(h), 's', 'a', 't', 'q', 'o', 'u', 'ra', 'ri')
if not v[1] then
  local expiry = int(NOW + lease)
  local m = insert(h, ARGV[6], ARGV[7], ARGV[8], ARGV[9], 'RUNNING', '1', owner, expiry, ARGV[10], ARGV[11])
  zadd(LEASES, expiry, m)
  return done({'C', 1})
end
if v[1] == 'DONE' then
  return {'D', v[7], v[8]}
end
if v[1] == 'RUNNING' and tonumber(v[6]) > NOW and v[5] ~= owner then
  return {'H', v[5], tonumber(v[6])}
end
local a = take(h, v[1], v[2], v[3], v[4], owner, int(NOW + lease))
return done({'C', a})
