/**
 * Redis scripts behind hard limits. Amounts are whole micro-units (see micro-units.ts in packages/domain): exact
 * in Lua's doubles below 2^53, and changed with HINCRBY, which is exact 64-bit integer arithmetic.
 *
 * Keys (all under one hash-tagged prefix, so every script's keys share a Redis Cluster slot):
 * - budget state `…:limits:budget:<budget id>:<period start ms>`: hash {spent, held}
 * - a prepaid tenant's credit `…:limits:credit:<tenant id>:<currency>`: hash {spent (credit used), held}
 * - reservation `…:limits:resv:<tenant id>:<reservation id>`: hash {amount, budgets (space-separated state keys)}
 * - a tenant's open reservations `…:limits:open:<tenant id>`: sorted set, member reservation id, score expiry ms
 */

/** Releases one reservation's holds (if it is still open). Shared by the scripts below. */
const RELEASE_FUNCTION = `
local function release(resvKey, openKey, id)
  local amount = redis.call('HGET', resvKey, 'amount')
  if amount then
    local budgets = redis.call('HGET', resvKey, 'budgets') or ''
    for key in string.gmatch(budgets, '%S+') do
      if redis.call('EXISTS', key) == 1 then redis.call('HINCRBY', key, 'held', -tonumber(amount)) end
    end
    redis.call('DEL', resvKey)
  end
  redis.call('ZREM', openKey, id)
  return amount
end
`;

/**
 * KEYS[1] open set, KEYS[2] new reservation, KEYS[3..] limit states (budgets, credit).
 * ARGV: now ms, expiry ms, hold, reservation id, reservation key prefix (…:limits:resv:<tenant>:), state TTL ms,
 * then per state: limit, hard (1/0), spent as Postgres had it a moment ago (spend only grows, so the state keeps
 * the larger of it and its own).
 * Returns {1} when held, or {0, index of the first hard state that the hold would exceed (1-based)}.
 */
export const RESERVE_SCRIPT = `${RELEASE_FUNCTION}
local now = tonumber(ARGV[1])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  release(ARGV[5] .. id, KEYS[1], id)
end
local hold = tonumber(ARGV[3])
local budgets = #KEYS - 2
for i = 1, budgets do
  local key = KEYS[i + 2]
  local base = 6 + (i - 1) * 3
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'spent', ARGV[base + 3], 'held', 0)
  elseif tonumber(ARGV[base + 3]) > tonumber(redis.call('HGET', key, 'spent')) then
    redis.call('HSET', key, 'spent', ARGV[base + 3])
  end
  redis.call('PEXPIRE', key, ARGV[6])
  if ARGV[base + 2] == '1' then
    local spent = tonumber(redis.call('HGET', key, 'spent'))
    local held = tonumber(redis.call('HGET', key, 'held'))
    if spent + held + hold > tonumber(ARGV[base + 1]) then return {0, i} end
  end
end
local stateKeys = {}
for i = 1, budgets do
  redis.call('HINCRBY', KEYS[i + 2], 'held', hold)
  stateKeys[i] = KEYS[i + 2]
end
redis.call('HSET', KEYS[2], 'amount', hold, 'budgets', table.concat(stateKeys, ' '))
redis.call('PEXPIREAT', KEYS[2], tonumber(ARGV[2]) + 60000)
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[4])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIREAT', KEYS[1], tonumber(ARGV[2]) + 60000)
else
  redis.call('PEXPIREAT', KEYS[1], tonumber(ARGV[2]) + 60000, 'GT')
end
return {1}
`;

/**
 * After usage is committed: sets each state's spend to what Postgres now holds (only upwards, so a late, older
 * update never lowers it) and releases the reservations the usage settles, in one step, so there is no moment
 * where a settled request is counted neither as held nor as spent.
 * KEYS: n states, then pairs (open set, reservation). ARGV: n, n spends, then the reservation ids.
 */
export const SETTLE_SCRIPT = `${RELEASE_FUNCTION}
local n = tonumber(ARGV[1])
for i = 1, n do
  local key = KEYS[i]
  if redis.call('EXISTS', key) == 1 then
    local spent = tonumber(ARGV[i + 1])
    if spent > tonumber(redis.call('HGET', key, 'spent')) then redis.call('HSET', key, 'spent', ARGV[i + 1]) end
  end
end
local released = 0
local reservations = (#KEYS - n) / 2
for j = 1, reservations do
  if release(KEYS[n + 2 * j], KEYS[n + 2 * j - 1], ARGV[n + 1 + j]) then released = released + 1 end
end
return released
`;
