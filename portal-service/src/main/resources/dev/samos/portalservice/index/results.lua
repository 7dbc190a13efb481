-- Read only. ARGV: prefix, now, hashes. Returns per hash: status or nil, result address or nil, inline or nil.
local out = {}
for i = 3, #ARGV do
  local v = redis.call('HMGET', xkey(ARGV[i]), 's', 'ra', 'ri')
  out[#out + 1] = v[1]
  out[#out + 1] = v[2]
  out[#out + 1] = v[3]
end
return out
