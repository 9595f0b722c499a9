"""Times how long the gateway takes to apply a one-feature change of its rollout file (bench/scale.sh).

    python3 reload_probe.py --file ROLLOUT --feature NAME --path /api/area-0001/items/1 \\
        --public-port P --management-port M --token T [--low 10] [--high 60] [--repeats 5]

Each repeat sets the feature's percentage to HIGH, or to LOW when it is at HIGH, and replaces the file by a
rename, as editors and ConfigMaps do, then measures from the rename:
- routing: until a request for a user whose bucket lies between LOW and HIGH reaches the backend
  the new percentage sends it to (X-Bench-Backend), polled on the public port every 2 ms;
- status: until GET /admin/status shows the new percentage as the feature's desired and effective one.
Prints one line per repeat on stderr, then the median, lowest and highest routing and status times
(ms, six numbers) on stdout.
"""

import argparse
import http.client
import json
import os
import statistics
import struct
import sys
import time


def murmur3_x86_32(data, seed=0):
    """MurmurHash3 x86 32-bit, the gateway's bucket hash (docs/rollout.md, "Buckets")."""
    c1, c2, h, mask = 0xCC9E2D51, 0x1B873593, seed, 0xFFFFFFFF
    whole = len(data) // 4 * 4
    for (k,) in struct.iter_unpack("<I", data[:whole]):
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        h ^= (k * c2) & mask
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xE6546B64) & mask
    k = int.from_bytes(data[whole:], "little")
    if k:
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        h ^= (k * c2) & mask
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    return h ^ (h >> 16)


def bucket(cohort, user):
    return murmur3_x86_32(f"{cohort}:{user}".encode()) % 10000


# The documented golden vector (tests/Strangler.Bucketing.Tests): a wrong hash would pick a user that
# never moves and the probe would time out instead of measuring.
assert bucket("strangler", "user-42") == 4448


def user_between(low, high):
    """A user on v3 at LOW % and on v4 at HIGH % (default cohort)."""
    return next(f"user-{k}" for k in range(1, 1_000_000) if low * 100 <= bucket("strangler", f"user-{k}") < high * 100)


class Probe:
    def __init__(self, args):
        self.args = args
        self.public = http.client.HTTPConnection("127.0.0.1", args.public_port, timeout=10)
        self.management = http.client.HTTPConnection("127.0.0.1", args.management_port, timeout=30)
        self.user = user_between(args.low, args.high)

    def backend(self):
        self.public.request("GET", self.args.path, headers={"X-User-Id": self.user})
        response = self.public.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"{self.args.path} for {self.user}: status {response.status}")
        return response.getheader("X-Bench-Backend")

    def status_percentages(self):
        self.management.request("GET", "/admin/status", headers={"Authorization": f"Bearer {self.args.token}"})
        response = self.management.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"/admin/status: status {response.status}: {body[:200]!r}")
        for feature in json.loads(body)["features"]:
            if feature["name"] == self.args.feature:
                return feature["desired"]["percentage"], feature["effective"]["percentage"]
        sys.exit(f"/admin/status does not list feature {self.args.feature}")

    def until(self, condition, what, timeout=30):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                sys.exit(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.002)
        return time.monotonic()

    def write(self, percentage):
        with open(self.args.file) as f:
            document = json.load(f)
        document["features"][self.args.feature]["percentage"] = percentage
        temporary = f"{self.args.file}.probe"
        with open(temporary, "w") as f:
            json.dump(document, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        started = time.monotonic()
        os.replace(temporary, self.args.file)
        return started

    def expected(self, percentage):
        return "v4" if bucket("strangler", self.user) < percentage * 100 else "v3"

    def run(self):
        low, high = self.args.low, self.args.high
        with open(self.args.file) as f:
            current = json.load(f)["features"][self.args.feature]["percentage"]
        if current not in (low, high):
            # Only moves between LOW and HIGH flip the probe user, so the timed repeats start from one.
            self.write(low)
            current = low
            self.until(lambda: self.status_percentages() == (low, low), f"status showing {low} %")
        self.until(lambda: self.backend() == self.expected(current), f"{self.user} on the current percentage")
        results = []
        for repeat in range(1, self.args.repeats + 1):
            target = low if current == high else high
            expected = self.expected(target)
            started = self.write(target)
            routed = self.until(lambda: self.backend() == expected, f"{self.user} routed to {expected}")
            shown = self.until(lambda: self.status_percentages() == (target, target), f"status showing {target} %")
            results.append(((routed - started) * 1000, (shown - started) * 1000))
            print(f"reload {repeat}/{self.args.repeats}: {current} -> {target} %, routing after "
                  f"{results[-1][0]:.0f} ms, status after {results[-1][1]:.0f} ms", file=sys.stderr)
            current = target
            time.sleep(self.args.pause)
        for column in (0, 1):
            values = sorted(r[column] for r in results)
            print(f"{statistics.median(values):.0f} {values[0]:.0f} {values[-1]:.0f}", end=" " if column == 0 else "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", required=True)
    parser.add_argument("--feature", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--public-port", type=int, required=True)
    parser.add_argument("--management-port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--low", type=float, default=10)
    parser.add_argument("--high", type=float, default=60)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between repeats")
    Probe(parser.parse_args()).run()


if __name__ == "__main__":
    main()
