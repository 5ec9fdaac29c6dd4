#!/usr/bin/env python3
"""Deterministic generator of request-log NDJSON (the log-engine workload).

Each line is one request (about 330 bytes): ts, method, path (a route
template), status, latency_ms, bytes, user_id, region, nested req.ua /
req.ip / req.referer / req.id, trace_id, tags. The same --lines and --seed always give
byte-identical output, so large inputs are generated, never committed.

usage: gen_ndjson.py --lines N [--seed S] OUT
"""
import argparse
import json
import random

METHODS = ["GET"] * 14 + ["POST"] * 4 + ["PUT", "DELETE"]
# Route templates, as a router logs them: Q2 groups by (region, path).
PATHS = ["/", "/login", "/logout", "/api/v1/items", "/api/v1/items/:id", "/api/v1/users/:id",
         "/api/v1/search", "/static/app.js", "/static/app.css", "/healthz", "/api/v2/orders",
         "/api/v2/orders/:id/pay", "/cart", "/checkout", "/img/:id.png"]
REFERERS = ["-", "https://www.example.com/", "https://www.example.com/search?q=brownfield+json",
            "https://news.example.org/item?id=41234123", "android-app://com.example.app/"]
STATUSES = [200] * 80 + [201] * 4 + [204] * 2 + [301, 302, 304, 304] + [400, 401, 403] + [404] * 4 + [500, 502, 503]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "ap-northeast-1", "sa-east-1"]
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Mozilla/5.0 (Macintosh) Safari/17.5",
          "curl/8.5.0", "python-requests/2.32", "Go-http-client/2.0", "Mozilla/5.0 (iPhone) Mobile/15E148 \u00e9"]
TAGS = ["beta", "mobile", "canary", "cached", "retry", "internal", "ünïcode"]


def records(n, seed):
    rng = random.Random(seed)
    ts = 1_700_000_000_000
    for _ in range(n):
        ts += rng.randint(0, 40)
        path = rng.choice(PATHS)
        status = rng.choice(STATUSES)
        latency = round(rng.lognormvariate(3.0, 0.9) * (4 if status >= 500 else 1), 3)
        yield {
            "ts": ts,
            "method": rng.choice(METHODS),
            "path": path,
            "status": status,
            "latency_ms": latency,
            "bytes": rng.randint(0, 250_000),
            "user_id": rng.randint(1, 50_000),
            "region": rng.choice(REGIONS),
            "req": {"ua": rng.choice(AGENTS), "ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                    "referer": rng.choice(REFERERS), "id": rng.randint(1, 99999)},
            "trace_id": f"{rng.getrandbits(128):032x}",
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
        }


def main():
    ap = argparse.ArgumentParser(description="Deterministic request-log NDJSON generator.")
    ap.add_argument("--lines", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("out")
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as f:
        for rec in records(args.lines, args.seed):
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


if __name__ == "__main__":
    main()
