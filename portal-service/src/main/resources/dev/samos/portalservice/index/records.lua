-- Read only. ARGV: prefix, now, hash. Returns {the list of records, the DONE record (field rd) or false}: read in
-- one script, so a settle or a forgotten result never shows between the two reads.
return {redis.call('LRANGE', rkey(ARGV[3]), 0, -1), redis.call('HGET', xkey(ARGV[3]), 'rd')}
