-- GET /fhir/Patient/{id} with an id picked at random per request from the file
-- named by $IDS_FILE (one id a line). Counts responses whose status is not 200
-- and prints "non_200 N" and "responses N" when wrk is done.
local ids = {}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("IDS_FILE")) do
    if #line > 0 then ids[#ids + 1] = "/fhir/Patient/" .. line end
  end
  math.randomseed(os.time() * 1000 + id)
  non_200 = 0
  responses = 0
end

function request()
  return wrk.format("GET", ids[math.random(#ids)])
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
