-- GET /fhir/Patient/{id} as read_by_id.lua does, with the bearer token read
-- from the file $TOKEN_FILE (never from a command line) sent on every
-- request. Prints "non_200 N" and "responses N" when wrk is done.
local ids = {}
local threads = {}
local counter = 0
local headers = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("IDS_FILE")) do
    if #line > 0 then ids[#ids + 1] = "/fhir/Patient/" .. line end
  end
  local f = io.open(os.getenv("TOKEN_FILE"))
  headers["Authorization"] = "Bearer " .. f:read("*l")
  f:close()
  math.randomseed(os.time() * 1000 + id)
  non_200 = 0
  responses = 0
end

function request()
  return wrk.format("GET", ids[math.random(#ids)], headers)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then non_200 = non_200 + 1 end
end

function done(summary, latency, requests)
  local bad, total = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non_200")
    total = total + t:get("responses")
  end
  io.write(string.format("non_200 %d\nresponses %d\n", bad, total))
end
