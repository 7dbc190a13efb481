-- ARGV: prefix, now, then hashes. Returns per hash: {descriptor, function, inline kwargs or false, kwargs address
-- or false}, or false if the index does not know it. Read-only: what the outcome log records beside a result.
local out = {}
for i = 3, #ARGV do
  local v = redis.call('HMGET', xkey(ARGV[i]), 'd', 'f', 'ki', 'kv')
  if v[1] then out[#out + 1] = v else out[#out + 1] = false end
end
return out
