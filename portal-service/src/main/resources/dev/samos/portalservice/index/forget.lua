-- ARGV: prefix, now, hash. A DONE execution becomes FAILED, its result dropped, its records kept: the DONE record
-- leaves the hash for the end of the list, where the attempts to come follow it. Returns 1 or 0.
local k = xkey(ARGV[3])
local v = redis.call('HMGET', k, 's', 'rd')
if v[1] ~= 'DONE' then return 0 end
if v[2] then redis.call('RPUSH', rkey(ARGV[3]), v[2]) end
redis.call('HSET', k, 's', 'FAILED')
redis.call('HDEL', k, 'ra', 'ri', 'rd')
count('DONE', 'FAILED')
return done(1)
