-- wrk script for bench/giving_bench.py: one script for every run, so each run pays the same
-- scripting cost and reports its responses by status the same way.
--
--   wrk ... -s bench/giving.lua <url> -- get    <path> [<cookie header>]
--   wrk ... -s bench/giving.lua <url> -- insert <path>
--   wrk ... -s bench/giving.lua <url> -- give   <tag> <pages file> <csrf cookie> <csrf form token>
--
-- "give" posts the donation form to the pages listed in the pages file ("slug currency" per line),
-- round robin, each thread starting at a different page. Every POST carries its own idempotency
-- key (run tag, thread id, counter), or the app would rightly answer each one with the first gift.
--
-- done() prints one line, "BENCH_JSON {...}", that the harness reads: wrk's summary plus, summed
-- over threads, requests sent, responses received and responses by status. Sent minus received is
-- what was still in flight when wrk stopped: the server finishes those after wrk has gone.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

sent, received, s2xx, s302, s3xx, s4xx, s5xx = 0, 0, 0, 0, 0, 0, 0

local mode, static_request, pages, body_prefix, tag
local form_headers = {}

local function read_pages(path)
  local list = {}
  for line in io.lines(path) do
    local slug, currency = line:match("^(%S+)%s+(%u%u%u)$")
    if slug then
      table.insert(list, { path = "/give/page/" .. slug .. "/", currency = currency })
    end
  end
  assert(#list > 0, "no pages in " .. path)
  return list
end

function init(args)
  mode = args[1]
  if mode == "get" then
    -- An optional third argument is a Cookie header: a signed-in reader's session.
    static_request = wrk.format("GET", args[2], args[3] and { ["Cookie"] = args[3] } or nil)
  elseif mode == "insert" then
    static_request = wrk.format("POST", args[2], { ["Content-Type"] = "application/x-www-form-urlencoded" }, "")
  elseif mode == "give" then
    tag = args[2]
    pages = read_pages(args[3])
    form_headers["Cookie"] = "csrftoken=" .. args[4]
    form_headers["Content-Type"] = "application/x-www-form-urlencoded"
    body_prefix = "csrfmiddlewaretoken=" .. args[5]
      .. "&amount=25&donor_name=Bench+Donor&donor_email=donor" .. id .. "%40example.net"
      .. "&donor_country=US&card_number=4242424242424242&card_expiry=12%2F49&card_cvc=123"
  else
    error("unknown mode: " .. tostring(mode))
  end
end

function request()
  sent = sent + 1
  if mode ~= "give" then
    return static_request
  end
  local page = pages[(id + sent) % #pages + 1]
  local key = string.format("bench-%s-t%d-%09d", tag, id, sent)
  local body = body_prefix .. "&currency=" .. page.currency .. "&idempotency_key=" .. key
  return wrk.format("POST", page.path, form_headers, body)
end

function response(status, headers, body)
  received = received + 1
  if status == 302 then
    s302 = s302 + 1
  elseif status >= 500 then
    s5xx = s5xx + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  elseif status >= 300 then
    s3xx = s3xx + 1
  elseif status >= 200 then
    s2xx = s2xx + 1
  end
end

function done(summary, latency, requests)
  local totals = { sent = 0, received = 0, s2xx = 0, s302 = 0, s3xx = 0, s4xx = 0, s5xx = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  -- wrk calls request() once on the first thread before the run, to check the script; that
  -- request is never sent.
  totals.sent = totals.sent - 1
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"duration_us": %d, "requests": %d, "sent": %d, "received": %d, '
      .. '"status": {"2xx": %d, "302": %d, "3xx": %d, "4xx": %d, "5xx": %d}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.duration, summary.requests, totals.sent, totals.received,
    totals.s2xx, totals.s302, totals.s3xx, totals.s4xx, totals.s5xx,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max
  ))
end
