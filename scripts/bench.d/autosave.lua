-- The preparation autosave: PUT /api/v1/conversations/{id}/preparations/employee
-- with the version the author last read, as the SPA does.
--
-- args[1]: a file of "conversation_id access_token version" lines, one per
-- conversation, each conversation's own employee signed in; there are at
-- least as many as connections, so every connection always has a
-- conversation of its own and no save races another (a correct 200 stream).
-- The version for the next save is taken from each response.

local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  local nthreads = tonumber(args[2])
  free, all, versions, tokens = {}, {}, {}, {}
  local i = 0
  for line in io.lines(args[1]) do
    local id, token, version = line:match("(%S+) (%S+) (%S+)")
    if i % nthreads == tid then
      table.insert(free, id)
      table.insert(all, id)
      versions[id] = tonumber(version)
      tokens[id] = token
    end
    i = i + 1
  end
  text = string.rep("Et godt år med nye opgaver og et stærkt team. ", 6)
end

function request()
  -- A response that named no conversation (an error) loses its place:
  -- fall back to sharing one rather than stopping.
  local id = table.remove(free, 1) or all[1]
  local body = string.format(
    '{"version":%d,"answers":{"year_highlights":"%s","previous_agreements":"Kurset blev gennemført."}}',
    versions[id], text)
  return wrk.format("PUT", "/api/v1/conversations/" .. id .. "/preparations/employee",
    { ["Authorization"] = "Bearer " .. tokens[id], ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  -- 200: the saved preparation; 409: the current one under "current".
  local id = body:match('"conversation_id":"([^"]+)"')
  local version = body:match('"version":(%d+)')
  if id and versions[id] then
    versions[id] = tonumber(version)
    table.insert(free, id)
  end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
