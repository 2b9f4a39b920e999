#!/usr/bin/env python3
"""Posts FHIR transaction bundles from C concurrent keep-alive clients, P passes.

All bundles are read into memory first; the clients then take them from one shared
queue (pass after pass) and POST each to BASE_URL with Prefer: return=minimal. Prints
one line of JSON: wall seconds from the first request to the last response, bundles,
resources (request entries), non-200 responses, resources/s, the client's own CPU seconds and per-bundle latency
percentiles in ms.

Usage: post_bundles.py BASE_URL CLIENTS PASSES FILE...
"""
import http.client
import json
import queue
import resource
import sys
import threading
import time
import urllib.parse


def main():
    base, clients, passes, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    url = urllib.parse.urlsplit(base)
    bodies = []
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        bodies.append((data, len(json.loads(data).get("entry", []))))
    work = queue.Queue()
    for _ in range(passes):
        for b in bodies:
            work.put(b)
    lock = threading.Lock()
    stats = {"bundles": 0, "resources": 0, "non_200": 0, "errors": []}
    latencies = []
    headers = {"Content-Type": "application/fhir+json", "Prefer": "return=minimal"}

    def client():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
        while True:
            try:
                body, entries = work.get_nowait()
            except queue.Empty:
                break
            t0 = time.perf_counter()
            conn.request("POST", url.path or "/", body=body, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt * 1000)
                stats["bundles"] += 1
                if resp.status == 200:
                    stats["resources"] += entries
                else:
                    stats["non_200"] += 1
                    if len(stats["errors"]) < 3:
                        stats["errors"].append(f"{resp.status} {payload[:300]!r}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 2) if latencies else 0

    stats.update(wall_s=round(wall, 3), client_cpu_s=round(client_cpu, 3), resources_per_s=round(stats["resources"] / wall, 1),
                 p50_ms=pct(50), p99_ms=pct(99), max_ms=round(latencies[-1], 2) if latencies else 0)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
