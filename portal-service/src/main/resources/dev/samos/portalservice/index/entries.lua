-- ARGV: prefix, now, then hashes. Returns one flat list, per hash: descriptor (false if the index does not know
-- it), function, inline kwargs or false, kwargs address or false. Read-only: what the outcome log records beside a
-- result.
local out = {}
for i = 3, #ARGV do
  local v = redis.call('HMGET', xkey(ARGV[i]), 'd', 'f', 'ki', 'kv')
  local n = #out
  out[n + 1] = v[1]
  out[n + 2] = v[2]
  out[n + 3] = v[3]
  out[n + 4] = v[4]
end
return out
