"""The rollout files and the wrk script of bench/scale.sh.

    python3 scale_rollout.py OUT_DIR V3_PORT V4_PORT [FEATURES]

Writes, into OUT_DIR:
- rollout-many.json: FEATURES features (default 1000), one route each (/api/area-NNNN), a mix of
  stages (mostly partial at various percentages; some disabled, testing, full and complete), a few
  small user lists, and area_0500 with an always_v4 list of 100,000 ids (user-1 .. user-100000);
- rollout-one.json: one feature, partial at 50 %, whose route /api covers every path above, so both
  files see the same requests and every request goes through a feature's decision;
- scale.lua: the wrk script, GET /api/area-NNNN/items/K with X-User-Id user-U, the feature, K and U
  drawn at random (U from 1..1,000,000, so one request in ten to area_0500 hits its list).

Everything is drawn from a fixed seed: every run and every revision gets the same files.
"""

import json
import random
import sys

EDITED_FEATURE = "area_0001"   # bench/scale.sh changes this feature's percentage to time a reload
LISTED_FEATURE = "area_0500"   # the feature with the 100,000-id always_v4 list
LIST_SIZE = 100_000
USER_SPACE = 1_000_000
PERCENTAGES = [0.5, 1, 2.5, 5, 10, 12.5, 20, 25, 33.33, 50, 75, 90, 99]


def feature_name(i):
    return f"area_{i:04d}"


def feature_path(i):
    return f"/api/area-{i:04d}"


def feature(i, rng):
    """Feature i of the large file: the stage mix is fixed by i, percentages and lists by rng."""
    body = {
        "routes": [{"path": feature_path(i), "v4_path": f"/api/v4/area-{i:04d}"}],
    }
    if i == 1:
        body.update(stage="partial", percentage=10)
    elif i == 500:
        body.update(stage="partial", percentage=25, always_v4=[f"user-{u}" for u in range(1, LIST_SIZE + 1)])
    elif i % 50 == 0:
        body.update(stage="complete")
    elif i % 25 == 1:
        body.update(stage="full", never_v4=[f"user-{rng.randint(1, USER_SPACE)}"])
    elif i % 10 == 3:
        body.update(stage="disabled")
    elif i % 20 == 7:
        body.update(stage="testing", always_v4=[f"tester-{i}-{k}" for k in range(1, 4)])
    else:
        body.update(stage="partial", percentage=rng.choice(PERCENTAGES))
        if i % 13 == 0:
            body["always_v4"] = [f"tester-{i}-{k}" for k in range(1, 6)]
            body["never_v4"] = [f"user-{rng.randint(1, USER_SPACE)}" for _ in range(2)]
    return body


def rollout(features, v3_port, v4_port):
    return {
        "backends": {
            "v3": {"destinations": [f"http://127.0.0.1:{v3_port}"]},
            "v4": {"destinations": [f"http://127.0.0.1:{v4_port}"]},
        },
        "identity": {"sources": ["header:X-User-Id", "jwt:sub"], "anonymous": {"policy": "v3"}},
        "features": features,
    }


def wrk_script(paths):
    table = ",\n".join(f'  "{p}"' for p in paths)
    return f"""-- Requests spread over the features' paths with random user ids, formatted once per thread.
local paths = {{
{table}
}}
local size = 20000
local requests = {{}}
local n = 0
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end

function init(args)
  math.randomseed(7919 * id)
  for i = 1, size do
    local path = paths[math.random(#paths)] .. "/items/" .. math.random(100)
    requests[i] = wrk.format("GET", path, {{ ["X-User-Id"] = "user-" .. math.random({USER_SPACE}) }})
  end
end

function request()
  n = n % size + 1
  return requests[n]
end
"""


def main():
    out, v3_port, v4_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    if count < 500:
        sys.exit("at least 500 features (area_0500 carries the always_v4 list)")
    rng = random.Random(20240614)
    many = {feature_name(i): feature(i, rng) for i in range(1, count + 1)}
    one = {"api_all": {"routes": [{"path": "/api", "v4_path": "/api/v4"}], "stage": "partial", "percentage": 50}}
    for name, features in (("many", many), ("one", one)):
        with open(f"{out}/rollout-{name}.json", "w") as f:
            json.dump(rollout(features, v3_port, v4_port), f, indent=1)
    paths = [feature_path(i) for i in range(1, count + 1)]
    with open(f"{out}/scale.lua", "w") as f:
        f.write(wrk_script(paths))


if __name__ == "__main__":
    main()
