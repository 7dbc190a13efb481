-- Shared by every script of RedisExecutionIndex (prepended to each). ARGV[1] is the namespace prefix, ARGV[2] the
-- caller's clock (epoch ms): the scripts never read Redis's own clock, so a test's clock drives leases and backoff.
-- Scripts check before they write: Redis does not roll a script back, so no write may precede a refusal.
-- Each redis.call costs Redis a command's whole dispatch (its arguments made objects, the command looked up, timed,
-- its reply turned back into Lua) and a Lua number passed to it a "%.17g" print: the scripts write each execution's
-- hash in one HSET, gather the sorted sets' writes into one ZADD and one ZREM per set, and pass numbers they
-- write for every execution as strings made once.
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local QUEUE = P .. 'pending'   -- zset: PENDING executions by due; member = 16 hex digits of request seq .. hash
local LEASES = P .. 'leases'   -- zset: RUNNING executions by lease expiry; same members
local COUNTS = P .. 'counts'   -- hash: status -> executions with it

-- An integer as Redis stores it, printed as one ("%d", not Lua's "%.14g" or Redis's "%.17g") and once per script
-- (attempt numbers and expiries repeat across a batch).
local ints = {}
local function int(n)
  local s = ints[n]
  if not s then
    s = string.format('%d', n)
    ints[n] = s
  end
  return s
end
local function xkey(h) return P .. 'x:' .. h end
local function rkey(h) return P .. 'r:' .. h end

-- Ties in a zset are ordered by member: a fixed-width request number in front makes "oldest first" request order.
local function member(q, h) return string.format('%016x', tonumber(q)) .. h end
local function hash_of(m) return string.sub(m, 17) end

-- Writes to QUEUE and LEASES wait here, the last per member winning (as if each had been sent in turn), and go out
-- as one ZREM and one ZADD per set at the next read of that set (zflush) or at the end of the script (done).
local zwrites = {}
local function zwrite(set, m, score)   -- score false: remove m
  local w = zwrites[set]
  if not w then
    w = {order = {}, to = {}}
    zwrites[set] = w
  end
  if w.to[m] == nil then w.order[#w.order + 1] = m end
  w.to[m] = score
end
local function zadd(set, score, m) zwrite(set, m, score) end
local function zrem(set, m) zwrite(set, m, false) end

-- Sends args in pieces small enough for Lua's stack (unpack), pairs kept whole.
local function send(command, key, args)
  for from = 1, #args, 1000 do
    redis.call(command, key, unpack(args, from, math.min(from + 999, #args)))
  end
end

-- A set Redis creates small is compact (a ziplist, or listpack, up to 128 members by default), and a ZADD to it scans
-- and parses every score: some 45,000 instructions per member at 100 members, where a skiplist takes O(log n). A
-- member longer than zset-max-ziplist-value (64 bytes by default; real members are 48), first in the ZADD that
-- creates the set, makes Redis create a skiplist, and Redis never turns it back while the set lives (a restart
-- loading an RDB may: then only the speed is lost). It is removed again in the same script, so no one sees it.
local SKIPLIST = string.rep('~', 65)

local function zflush(set)
  local w = zwrites[set]
  if not w then return end
  zwrites[set] = nil
  local adds, rems = {}, {}
  for _, m in ipairs(w.order) do
    local score = w.to[m]
    if score then
      adds[#adds + 1] = score
      adds[#adds + 1] = m
    else
      rems[#rems + 1] = m
    end
  end
  send('ZREM', set, rems)
  if #adds > 0 then
    -- asked after the ZREM, which deletes a set it empties
    local fresh = redis.call('EXISTS', set) == 0
    if fresh then
      table.insert(adds, 1, SKIPLIST)
      table.insert(adds, 1, 0)
    end
    send('ZADD', set, adds)
    if fresh then redis.call('ZREM', set, SKIPLIST) end
  end
end

-- Request numbers: P .. 'seq' is read once and written once per script, not INCR'd per execution.
local seq
local function next_seq()
  if not seq then seq = tonumber(redis.call('GET', P .. 'seq') or 0) end
  seq = seq + 1
  return seq
end

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
-- A hash in hex, by table: string.format would print each byte with its own sprintf (some 25,000 instructions a
-- hash), and a table.concat of the pieces costs more than one concatenation of all 32 (the usual length).
local hex_digits
local function hex(h)
  if not hex_digits then
    hex_digits = {
      [0] = '00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '0a', '0b', '0c', '0d', '0e', '0f', '10',
      '11', '12', '13', '14', '15', '16', '17', '18', '19', '1a', '1b', '1c', '1d', '1e', '1f', '20', '21', '22',
      '23', '24', '25', '26', '27', '28', '29', '2a', '2b', '2c', '2d', '2e', '2f', '30', '31', '32', '33', '34',
      '35', '36', '37', '38', '39', '3a', '3b', '3c', '3d', '3e', '3f', '40', '41', '42', '43', '44', '45', '46',
      '47', '48', '49', '4a', '4b', '4c', '4d', '4e', '4f', '50', '51', '52', '53', '54', '55', '56', '57', '58',
      '59', '5a', '5b', '5c', '5d', '5e', '5f', '60', '61', '62', '63', '64', '65', '66', '67', '68', '69', '6a',
      '6b', '6c', '6d', '6e', '6f', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '7a', '7b', '7c',
      '7d', '7e', '7f', '80', '81', '82', '83', '84', '85', '86', '87', '88', '89', '8a', '8b', '8c', '8d', '8e',
      '8f', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99', '9a', '9b', '9c', '9d', '9e', '9f', 'a0',
      'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'aa', 'ab', 'ac', 'ad', 'ae', 'af', 'b0', 'b1', 'b2',
      'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'ba', 'bb', 'bc', 'bd', 'be', 'bf', 'c0', 'c1', 'c2', 'c3', 'c4',
      'c5', 'c6', 'c7', 'c8', 'c9', 'ca', 'cb', 'cc', 'cd', 'ce', 'cf', 'd0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6',
      'd7', 'd8', 'd9', 'da', 'db', 'dc', 'dd', 'de', 'df', 'e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8',
      'e9', 'ea', 'eb', 'ec', 'ed', 'ee', 'ef', 'f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'fa',
      'fb', 'fc', 'fd', 'fe', 'ff'
    }
  end
  local x = hex_digits
  if #h == 32 then
    local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17,
        b18, b19, b20, b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31, b32 = string.byte(h, 1, 32)
    return x[b1] .. x[b2] .. x[b3] .. x[b4] .. x[b5] .. x[b6] .. x[b7] .. x[b8] .. x[b9] .. x[b10] .. x[b11] ..
        x[b12] .. x[b13] .. x[b14] .. x[b15] .. x[b16] .. x[b17] .. x[b18] .. x[b19] .. x[b20] .. x[b21] ..
        x[b22] .. x[b23] .. x[b24] .. x[b25] .. x[b26] .. x[b27] .. x[b28] .. x[b29] .. x[b30] .. x[b31] .. x[b32]
  end
  local b = {string.byte(h, 1, #h)}
  for j = 1, #b do b[j] = x[b[j]] end
  return table.concat(b)
end
local function announce(h, d, status)
  settled[#settled + 1] = d .. ':' .. hex(h) .. ' ' .. status
end

-- Every script that may move a status returns through this.
local function done(reply)
  zflush(QUEUE)
  zflush(LEASES)
  if seq then redis.call('SET', P .. 'seq', int(seq)) end
  for status, delta in pairs(moved) do
    if delta ~= 0 then redis.call('HINCRBY', COUNTS, status, delta) end
  end
  if #settled > 0 then redis.call('PUBLISH', P .. 'settled', table.concat(settled, '\n')) end
  return reply
end

-- Sets what an execution keeps of the request that (re)started it: field n, how deep in calls its requester was (0
-- is its absence), and field w, '1' when a caller waits on it as on their own call (absent: a swarmed task).
local function set_request(k, depth, waits)
  if depth and tonumber(depth) > 0 then redis.call('HSET', k, 'n', depth) else redis.call('HDEL', k, 'n') end
  if waits == '1' then redis.call('HSET', k, 'w', '1') else redis.call('HDEL', k, 'w') end
end

-- A new execution: its hash written whole in one HSET, counted, numbered in request order. attempts and due are
-- numbers or, printed once for a whole batch, strings. Returns its member.
local function insert(h, d, f, kflag, kw, status, attempts, owner, due, depth, waits)
  local q = next_seq()
  local fields = {'d', d, 'f', f, 's', status, 'a', attempts, 't', attempts, 'u', due, 'q', int(q),
                  kflag == 'i' and 'ki' or 'kv', kw}
  if owner then
    fields[#fields + 1] = 'o'
    fields[#fields + 1] = owner
  end
  if depth and tonumber(depth) > 0 then
    fields[#fields + 1] = 'n'
    fields[#fields + 1] = depth
  end
  if waits == '1' then
    fields[#fields + 1] = 'w'
    fields[#fields + 1] = '1'
  end
  redis.call('HSET', xkey(h), unpack(fields))
  count(nil, status)
  return member(q, h)
end

-- Takes the lease on a known, not DONE execution (PENDING, FAILED, or RUNNING whose lease expired or is the
-- caller's own): a new attempt. expiry is int(...) of the lease's end, printed once for a batch. Returns the attempt
-- number and the tries since it was last requested.
local function take(h, status, attempts, tries, q, owner, expiry)
  local m = member(q, h)
  if status == 'PENDING' then zrem(QUEUE, m) end
  zadd(LEASES, expiry, m)
  local a = tonumber(attempts) + 1
  local t = tonumber(tries) + 1
  redis.call('HSET', xkey(h), 's', 'RUNNING', 'a', int(a), 't', int(t), 'o', owner, 'u', expiry)
  if status ~= 'RUNNING' then count(status, 'RUNNING') end
  return a, t
end

-- Claimed tasks go into one flat list, nine values each, as the client reads them: hash, descriptor, function,
-- kwargs inline or false, kwargs address or false, attempt, tries, depth of its request (field n, absent: 0), 1 if a
-- caller waits on it (field w) else 0. A table per task would cost Redis a reply header and five probes for special
-- fields (err, ok, ...) per task.
local function add_task(out, h, v, a, t, depth, waits)
  local n = #out
  out[n + 1] = h
  out[n + 2] = v[1]
  out[n + 3] = v[2]
  out[n + 4] = v[3]
  out[n + 5] = v[4]
  out[n + 6] = a
  out[n + 7] = t
  out[n + 8] = tonumber(depth or 0) or 0
  out[n + 9] = waits == '1' and 1 or 0
end

-- Up to n runnable executions for owner, added to out: expired leases first (their worker died), then PENDING ones
-- runnable since stale ms ago at least (0: all that are due), oldest first. A PENDING member's score is when it
-- became runnable (its request, its backoff's end), so a sweep's "stale" is the same read with an earlier bound.
-- O(log n) per task: both sets are read from their low end only.
local function claim_next(owner, lease, n, out, stale)
  if n <= 0 then return out end
  local expiry = int(NOW + lease)
  zflush(LEASES)
  local claimed = 0
  local expired = redis.call('ZRANGEBYSCORE', LEASES, '-inf', NOW, 'LIMIT', 0, n)
  for _, m in ipairs(expired) do
    local h = hash_of(m)
    local v = redis.call('HMGET', xkey(h), 'd', 'f', 'ki', 'kv', 'a', 't', 'q', 'n', 'w')
    local a, t = take(h, 'RUNNING', v[5], v[6], v[7], owner, expiry)
    add_task(out, h, v, a, t, v[8], v[9])
    claimed = claimed + 1
  end
  if claimed < n then
    zflush(QUEUE)
    local due = redis.call('ZRANGEBYSCORE', QUEUE, '-inf', NOW - (stale or 0), 'LIMIT', 0, n - claimed)
    for _, m in ipairs(due) do
      local h = hash_of(m)
      local v = redis.call('HMGET', xkey(h), 'd', 'f', 'ki', 'kv', 'a', 't', 'q', 'n', 'w')
      local a, t = take(h, 'PENDING', v[5], v[6], v[7], owner, expiry)
      add_task(out, h, v, a, t, v[8], v[9])
    end
  end
  return out
end
