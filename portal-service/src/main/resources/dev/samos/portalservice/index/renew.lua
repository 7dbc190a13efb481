-- ARGV: prefix, now, owner, lease millis, hashes. Returns the numbers (1-based) of the leases owner does not hold.
local owner = ARGV[3]
local expiry = int(NOW + tonumber(ARGV[4]))
local lost = {}
for i = 5, #ARGV do
  local h = ARGV[i]
  local v = redis.call('HMGET', xkey(h), 's', 'o', 'q')
  if v[1] == 'RUNNING' and v[2] == owner then
    redis.call('HSET', xkey(h), 'u', expiry)
    zadd(LEASES, expiry, member(v[3], h))
  else
    lost[#lost + 1] = i - 4
  end
end
return done(lost)
