-- POST /fhir: a transaction of one Patient (fullUrl urn:uuid) and one
-- Observation (a heart rate) whose subject references it. Names, birth dates,
-- values and times vary per request. Counts responses whose status is not 200
-- and prints "non_200 N", "responses N" and the first failure when wrk is done.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local families = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"}
local givens = {"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Lan", "Linh", "Minh", "Nam", "Vy"}
local headers = {["Content-Type"] = "application/fhir+json", ["Prefer"] = "return=minimal"}
local n = 0

function init(args)
  math.randomseed(os.time() * 1000 + id)
  non_200 = 0
  responses = 0
  first_failure = ""
end

local function uuid()
  return string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0x7fffffff),
    math.random(0, 0xffff), math.random(0, 0xfff), math.random(0, 0xfff),
    math.random(0, 0x7fffffff) * 0x10000 + math.random(0, 0xffff))
end

function request()
  n = n + 1
  local p = "urn:uuid:" .. uuid()
  local body = '{"resourceType":"Bundle","type":"transaction","entry":[' ..
    '{"fullUrl":"' .. p .. '","resource":{"resourceType":"Patient",' ..
    '"identifier":[{"system":"http://benhvien.example.vn/mrn","value":"T' .. id .. '-' .. n .. '"}],' ..
    '"name":[{"family":"' .. families[math.random(#families)] .. '","given":["' ..
    givens[math.random(#givens)] .. '"]}],"gender":"' .. (n % 2 == 0 and "male" or "female") ..
    '","birthDate":"' .. string.format("%d-%02d-%02d", math.random(1930, 2023), math.random(12), math.random(28)) ..
    '"},"request":{"method":"POST","url":"Patient"}},' ..
    '{"fullUrl":"urn:uuid:' .. uuid() .. '","resource":{"resourceType":"Observation","status":"final",' ..
    '"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],' ..
    '"code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},' ..
    '"subject":{"reference":"' .. p .. '"},"effectiveDateTime":"2026-' ..
    string.format("%02d-%02dT%02d:%02d:00+07:00", math.random(12), math.random(28), math.random(0, 23), math.random(0, 59)) ..
    '","valueQuantity":{"value":' .. math.random(45, 140) ..
    ',"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}},' ..
    '"request":{"method":"POST","url":"Observation"}}]}'
  return wrk.format("POST", "/fhir", headers, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    non_200 = non_200 + 1
    if first_failure == "" then first_failure = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local bad, total, failure = 0, 0, ""
  for _, t in ipairs(threads) do
    bad = bad + t:get("non_200")
    total = total + t:get("responses")
    local f = t:get("first_failure")
    if failure == "" and f ~= "" then failure = f end
  end
  io.write(string.format("non_200 %d\nresponses %d\n", bad, total))
  if failure ~= "" then io.write("first_failure " .. failure:gsub("\n", " ") .. "\n") end
end
