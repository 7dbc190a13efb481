-- Shared by every script of RedisExecutionIndex (prepended to each). ARGV[1] is the namespace prefix, ARGV[2] the
-- caller's clock (epoch ms): the scripts never read Redis's own clock, so a test's clock drives leases and backoff.
-- Scripts check before they write: Redis does not roll a script back, so no write may precede a refusal.
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local QUEUE = P .. 'pending'   -- zset: PENDING executions by due; member = 16 hex digits of request seq .. hash
local LEASES = P .. 'leases'   -- zset: RUNNING executions by lease expiry; same members
local COUNTS = P .. 'counts'   -- hash: status -> executions with it

local function xkey(h) return P .. 'x:' .. h end
local function rkey(h) return P .. 'r:' .. h end

-- Ties in a zset are ordered by member: a fixed-width request number in front makes "oldest first" request order.
local function member(seq, h) return string.format('%016x', tonumber(seq)) .. h end
local function hash_of(m) return string.sub(m, 17) end

-- Moves between statuses are summed here and written once, by done(), at the end of a script: a batch of a
-- hundred settles costs two counter writes, not two hundred.
local moved = {}
local function count(from, to)
  if from then moved[from] = (moved[from] or 0) - 1 end
  if to then moved[to] = (moved[to] or 0) + 1 end
end

-- Executions that became DONE or FAILED in this script, as "descriptor:hex-hash STATUS" lines. done() publishes
-- them on the channel P .. 'settled' in one message: inside the script, so the event is exactly as durable as the
-- change it announces (no change without its event, no event without its change).
local settled = {}
local function hex(h)
  return (string.gsub(h, '.', function(c) return string.format('%02x', string.byte(c)) end))
end
local function announce(h, d, status)
  settled[#settled + 1] = d .. ':' .. hex(h) .. ' ' .. status
end

-- Every script that may move a status returns through this.
local function done(reply)
  for status, delta in pairs(moved) do
    if delta ~= 0 then redis.call('HINCRBY', COUNTS, status, delta) end
  end
  if #settled > 0 then redis.call('PUBLISH', P .. 'settled', table.concat(settled, '\n')) end
  return reply
end

-- Sets the depth of an execution's request (field n: how deep in calls its requester was); 0 is its absence.
local function set_depth(k, depth)
  if depth and tonumber(depth) > 0 then redis.call('HSET', k, 'n', depth) else redis.call('HDEL', k, 'n') end
end

-- A new execution: its hash written whole, counted, numbered in request order. Returns its member.
local function insert(h, d, f, kflag, kw, status, attempts, owner, due, depth)
  local seq = redis.call('INCR', P .. 'seq')
  local k = xkey(h)
  redis.call('HSET', k, 'd', d, 'f', f, 's', status, 'a', attempts, 't', attempts, 'u', due, 'q', seq)
  if kflag == 'i' then redis.call('HSET', k, 'ki', kw) else redis.call('HSET', k, 'kv', kw) end
  if owner then redis.call('HSET', k, 'o', owner) end
  if depth and tonumber(depth) > 0 then redis.call('HSET', k, 'n', depth) end
  count(nil, status)
  return member(seq, h)
end

-- Takes the lease on a known, not DONE execution (PENDING, FAILED, or RUNNING whose lease expired or is the
-- caller's own): a new attempt. Returns the attempt number and the tries since it was last requested.
local function take(h, status, attempts, tries, seq, owner, expiry)
  local m = member(seq, h)
  if status == 'PENDING' then redis.call('ZREM', QUEUE, m) end
  redis.call('ZADD', LEASES, expiry, m)
  local a = tonumber(attempts) + 1
  local t = tonumber(tries) + 1
  redis.call('HSET', xkey(h), 's', 'RUNNING', 'a', a, 't', t, 'o', owner, 'u', expiry)
  if status ~= 'RUNNING' then count(status, 'RUNNING') end
  return a, t
end

-- A claimed task as the client reads it: hash, descriptor, function, kwargs inline or false, kwargs address or
-- false, attempt, tries, depth of its request (field n, absent: 0).
local function task(h, v, a, t, depth)
  return {h, v[1], v[2], v[3], v[4], a, t, tonumber(depth or 0) or 0}
end

-- Up to n runnable executions for owner: expired leases first (their worker died), then PENDING ones runnable
-- since stale ms ago at least (0: all that are due), oldest first. A PENDING member's score is when it became
-- runnable (its request, its backoff's end), so a sweep's "stale" is the same read with an earlier bound. O(log n)
-- per task: both sets are read from their low end only.
local function claim_next(owner, lease, n, tasks, stale)
  if n <= 0 then return tasks end
  local expiry = NOW + lease
  local expired = redis.call('ZRANGEBYSCORE', LEASES, '-inf', NOW, 'LIMIT', 0, n)
  for _, m in ipairs(expired) do
    local h = hash_of(m)
    local v = redis.call('HMGET', xkey(h), 'd', 'f', 'ki', 'kv', 'a', 't', 'q', 'n')
    local a, t = take(h, 'RUNNING', v[5], v[6], v[7], owner, expiry)
    tasks[#tasks + 1] = task(h, v, a, t, v[8])
  end
  if #tasks < n then
    local due = redis.call('ZRANGEBYSCORE', QUEUE, '-inf', NOW - (stale or 0), 'LIMIT', 0, n - #tasks)
    for _, m in ipairs(due) do
      local h = hash_of(m)
      local v = redis.call('HMGET', xkey(h), 'd', 'f', 'ki', 'kv', 'a', 't', 'q', 'n')
      local a, t = take(h, 'PENDING', v[5], v[6], v[7], owner, expiry)
      tasks[#tasks + 1] = task(h, v, a, t, v[8])
    end
  end
  return tasks
end
