-- ARGV: prefix, now, hash. A DONE execution becomes FAILED, its result dropped, its records kept. Returns 1 or 0.
local k = xkey(ARGV[3])
if redis.call('HGET', k, 's') ~= 'DONE' then return 0 end
redis.call('HSET', k, 's', 'FAILED')
redis.call('HDEL', k, 'ra', 'ri')
count('DONE', 'FAILED')
return done(1)
