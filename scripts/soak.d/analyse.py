"""For scripts/soak: the figures of one soak run, from the CSVs it wrote, one column per implementation.

Usage: /usr/bin/python3 analyse.py OUT_DIR ARM...
Counts only what happened after the warm-up (run.txt: t0 + warmup_s) and before the end.
  availability     answered requests / requests, per kind of visitor
  longest outage   new visitors: from the start of a failed request to the end of the next answered one
  per fault        "visitors OK": from the fault's start until new visitors are answered again for good
                   (the end of the first answered request after the last failure before the next fault;
                   "-" when none failed); "all backends": from the fault's end (the killed thing runs
                   again) until every backend has answered a visitor of either kind
  uploads          HS_DESC UPLOADED / FAILED rows of the balancer's tor, per hour
  resources        RSS, CPU, threads and open files of the balancer process; RSS slope = least-squares
                   line over the second half's samples of the process that ran longest in it, its
                   first 5 minutes left out (MB/hour); threads and open files likewise
Standard library only.
"""
import csv
import os
import statistics
import sys
import time


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def kv(path):
    out = {}
    for line in open(path):
        for part in line.strip().split(" ") if line.startswith(("minutes=", "t0=")) else [line.strip()]:
            if "=" in part:
                k, v = part.split("=", 1)
                out[k] = v
    return out


def fmt_s(x):
    return "-" if x is None else ("%.0f s" % x)


def slope_per_hour(points):
    """Least-squares slope of (epoch, value) points, per hour."""
    if len(points) < 3:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den * 3600


def outages(visits, t_end):
    """(start, length, still_failing_at_end) of every run of failed requests."""
    out = []
    fail_start = None
    for v in visits:
        if v["ok"] == "1":
            if fail_start is not None:
                out.append((fail_start, float(v["epoch"]) + float(v["latency_s"]) - fail_start, False))
                fail_start = None
        elif fail_start is None:
            fail_start = float(v["epoch"])
    if fail_start is not None:
        out.append((fail_start, t_end - fail_start, True))
    return out


def analyse(out_dir, arm, t_from, t_end):
    d = os.path.join(out_dir, arm)
    res = {}
    visits = {}
    for kind in ("new", "returning"):
        vs = [v for v in rows(os.path.join(d, "visits-%s.csv" % kind)) if t_from <= float(v["epoch"]) < t_end]
        vs.sort(key=lambda v: float(v["epoch"]))
        visits[kind] = vs
        ok = sum(1 for v in vs if v["ok"] == "1")
        res["n_" + kind] = len(vs)
        res["ok_" + kind] = ok
        lat = sorted(float(v["latency_s"]) for v in vs if v["ok"] == "1")
        res["lat_" + kind] = (statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]) if lat else None
        os_ = outages(vs, t_end)
        res["outage_" + kind] = max(os_, key=lambda o: o[1]) if os_ else None
        res["outages_" + kind] = os_
        errs = {}
        for v in vs:
            if v["ok"] != "1":
                e = v["error"].split(";")[-1] or "?"
                errs[e] = errs.get(e, 0) + 1
        res["errors_" + kind] = errs
    faults = rows(os.path.join(d, "faults.csv"))
    res["faults"] = []
    allv = sorted(visits["new"] + visits["returning"], key=lambda v: float(v["epoch"]))
    backends = sorted({v["backend"] for v in allv if v["ok"] == "1" and v["backend"]})
    info = {}
    if os.path.exists(os.path.join(d, "info.txt")):
        for line in open(os.path.join(d, "info.txt")):
            if "=" in line:
                k, v = line.strip().split("=", 1)
                info[k] = v
    want = {info[k] for k in info if k.startswith("backend")} or set(backends)
    for i, f in enumerate(faults):
        start, end = float(f["start"]), float(f["end"])
        nxt = float(faults[i + 1]["start"]) if i + 1 < len(faults) else t_end
        window = [v for v in visits["new"] if start <= float(v["epoch"]) < nxt]
        failed = [v for v in window if v["ok"] != "1"]
        rfailed = [v for v in visits["returning"] if start <= float(v["epoch"]) < nxt and v["ok"] != "1"]
        ok_again = None
        if failed:
            last_fail = max(float(v["epoch"]) for v in failed)
            after = [v for v in window if v["ok"] == "1" and float(v["epoch"]) > last_fail]
            ok_again = (float(after[0]["epoch"]) + float(after[0]["latency_s"]) - start) if after else ("not before %.0f s" % (nxt - start))
        seen = set()
        all_back = "not in %.0f s" % (nxt - end)
        for v in allv:
            t = float(v["epoch"])
            if t < end or t >= nxt:
                continue
            if v["ok"] == "1":
                seen.add(v["backend"])
                if want <= seen:
                    all_back = t + float(v["latency_s"]) - end
                    break
        res["faults"].append({"kind": f["kind"], "target": f["target"], "param": f["param"], "start": start, "end": end,
                              "failed_new": len(failed), "n_new": len(window), "failed_ret": len(rfailed),
                              "ok_again": ok_again, "all_back": all_back, "note": f["note"]})
    ups = [u for u in rows(os.path.join(d, "uploads.csv")) if t_from <= float(u["epoch"]) < t_end]
    hours = (t_end - t_from) / 3600
    res["uploaded_h"] = sum(1 for u in ups if u["action"] == "UPLOADED") / hours
    res["failed_h"] = sum(1 for u in ups if u["action"] == "FAILED") / hours
    reasons = {}
    for u in ups:
        if u["action"] == "FAILED":
            reasons[u["reason"]] = reasons.get(u["reason"], 0) + 1
    res["fail_reasons"] = reasons
    restarts = rows(os.path.join(d, "restarts.csv"))
    # A clock-step fault restarts the balancer twice on purpose (under libfaketime and back).
    steps = [(float(f["start"]), float(f["end"])) for f in faults if f["kind"] == "clock-step"]
    planned = [r for r in restarts if any(a - 5 <= float(r["epoch"]) <= b + 30 for a, b in steps)]
    res["planned_restarts"] = len(planned)
    res["other_restarts"] = [r for r in restarts if r not in planned]
    samples = [s for s in rows(os.path.join(d, "samples.csv")) if t_from <= float(s["epoch"]) < t_end]
    res["samples"] = len(samples)
    if samples:
        mid = (t_from + t_end) / 2
        # A process's first 5 minutes are its start-up (the JIT, the first fetches): the slope and the
        # ranges of the second half are taken over the process that ran longest in it, after those.
        born = {}
        for s in rows(os.path.join(d, "samples.csv")):
            born.setdefault(s["pid"], float(s["epoch"]))
        settled = [s for s in samples if float(s["epoch"]) >= born[s["pid"]] + 300]
        second_all = [s for s in settled if float(s["epoch"]) >= mid]
        by_pid2 = {}
        for s in second_all:
            by_pid2.setdefault(s["pid"], []).append(s)
        second = max(by_pid2.values(), key=len) if by_pid2 else []
        first = [s for s in settled if float(s["epoch"]) < mid]
        rss = [int(s["rss_kb"]) / 1024 for s in samples]
        res["rss"] = (rss[0], rss[-1], max(rss))
        res["rss_slope"] = slope_per_hour([(float(s["epoch"]), int(s["rss_kb"]) / 1024) for s in second])
        res["slope_minutes"] = (float(second[-1]["epoch"]) - float(second[0]["epoch"])) / 60 if len(second) > 1 else 0
        # And over the whole life of the process that ran longest in the run (start-up left out).
        by_pid_all = {}
        for s in settled:
            by_pid_all.setdefault(s["pid"], []).append(s)
        longest = max(by_pid_all.values(), key=len) if by_pid_all else []
        res["rss_slope_longest"] = slope_per_hour([(float(s["epoch"]), int(s["rss_kb"]) / 1024) for s in longest])
        res["longest_minutes"] = (float(longest[-1]["epoch"]) - float(longest[0]["epoch"])) / 60 if len(longest) > 1 else 0
        cpu = 0.0
        by_pid = {}
        for s in samples:
            by_pid.setdefault(s["pid"], []).append(float(s["cpu_s"]))
        for vals in by_pid.values():
            cpu += max(vals) - min(vals)
        span = (float(samples[-1]["epoch"]) - float(samples[0]["epoch"])) / 3600
        res["cpu_h"] = cpu / span if span > 0 else None
        for key in ("threads", "open_files"):
            res[key] = ((min(int(s[key]) for s in first), max(int(s[key]) for s in first)) if first else None,
                        (min(int(s[key]) for s in second), max(int(s[key]) for s in second)) if second else None)
    return res


def pct(ok, n):
    return "-" if n == 0 else "%.2f%% (%d/%d)" % (100.0 * ok / n, ok, n)


def rng(p):
    return "-" if p is None else ("%d" % p[0] if p[0] == p[1] else "%d-%d" % p)


def main():
    out_dir, arms = sys.argv[1], sys.argv[2:]
    run = kv(os.path.join(out_dir, "run.txt"))
    t0, warm = float(run["t0"]), float(run["warmup_s"])
    t_end = float(run["stop"])
    t_from = t0 + warm
    res = {a: analyse(out_dir, a, t_from, t_end) for a in arms}
    loads = [float(r["load1"]) for r in rows(os.path.join(out_dir, "load.csv"))]
    print("Soak %s: %s min per implementation (%.0f min measured after a %.0f s warm-up), seed %s, %s timings, ours %s"
          % (run.get("started", "?"), run["minutes"], (t_end - t_from) / 60, warm, run["seed"],
             "public" if run["public_timings"] == "1" else "test-network",
             "with health checks" if run["health_check"] == "1" else "without health checks"))
    print("machine: %s; %s; tor %s; onionbalance (Python) %s; commit %s" % (run.get("machine"), run.get("java"), run.get("tor"),
                                                                           run.get("python_onionbalance"), run.get("commit")))
    if loads:
        print("load (1-min average, sampled each minute): min %.1f, mean %.1f, max %.1f" % (min(loads), statistics.fmean(loads), max(loads)))
    print("reproduce: %s" % run.get("argv"))
    print()
    w = 30
    line = lambda label, f: print(("%-" + str(w) + "s") % label + "".join("%-40s" % f(res[a]) for a in arms))
    line("", lambda r: "")
    print(("%-" + str(w) + "s") % "" + "".join("%-40s" % a for a in arms))
    line("requests (new / returning)", lambda r: "%d / %d" % (r["n_new"], r["n_returning"]))
    line("new visitors answered", lambda r: pct(r["ok_new"], r["n_new"]))
    line("returning visitors answered", lambda r: pct(r["ok_returning"], r["n_returning"]))

    def outage(r, kind):
        o = r["outage_" + kind]
        if not o:
            return "none"
        return "%.0f s at +%.0f min%s (%d outages)" % (o[1], (o[0] - t0) / 60, ", to the end" if o[2] else "", len(r["outages_" + kind]))
    line("longest outage, new", lambda r: outage(r, "new"))
    line("longest outage, returning", lambda r: outage(r, "returning"))
    line("latency median / p95, new", lambda r: "-" if not r["lat_new"] else "%.2f / %.2f s" % r["lat_new"])
    line("latency median / p95, ret.", lambda r: "-" if not r["lat_returning"] else "%.2f / %.2f s" % r["lat_returning"])
    line("uploads accepted / failed /h", lambda r: "%.0f / %.0f" % (r["uploaded_h"], r["failed_h"]))
    line("balancer restarts", lambda r: "%d by clock-step, %d other%s" % (r["planned_restarts"], len(r["other_restarts"]),
                                                                         "" if not r["other_restarts"] else " (exit " + ",".join(x["exit"] for x in r["other_restarts"]) + ")"))
    line("RSS first / last / max (MB)", lambda r: "-" if "rss" not in r else "%.1f / %.1f / %.1f" % r["rss"])
    line("RSS slope, 2nd half (MB/h)", lambda r: "-" if r.get("rss_slope") is None else "%+.2f (over %.0f min)" % (r["rss_slope"], r["slope_minutes"]))
    line("RSS slope, longest process", lambda r: "-" if r.get("rss_slope_longest") is None else "%+.2f (over %.0f min)" % (r["rss_slope_longest"], r["longest_minutes"]))
    line("CPU (CPU-s per hour)", lambda r: "-" if r.get("cpu_h") is None else "%.0f" % r["cpu_h"])
    line("threads 1st half / 2nd half", lambda r: "-" if "threads" not in r else "%s / %s" % tuple(rng(x) for x in r["threads"]))
    line("open files 1st / 2nd half", lambda r: "-" if "open_files" not in r else "%s / %s" % tuple(rng(x) for x in r["open_files"]))
    print()
    for a in arms:
        r = res[a]
        errs = {k: v for k, v in list(r["errors_new"].items()) + [("ret:" + k, v) for k, v in r["errors_returning"].items()]}
        if errs:
            print("%s failed requests by error: %s" % (a, ", ".join("%s %d" % kv for kv in sorted(errs.items()))))
        if r["fail_reasons"]:
            print("%s failed uploads by reason: %s" % (a, ", ".join("%s %d" % kv for kv in sorted(r["fail_reasons"].items()))))
    print()
    print("Per fault: new visitors failed (returning failed), the time from the fault's start until new visitors are")
    print("answered again for good ('-': none failed), and from its end until every backend answered again:")
    n = max(len(res[a]["faults"]) for a in arms) if arms else 0
    print("%-6s %-32s" % ("+min", "fault") + "".join("%-52s" % a for a in arms))
    for i in range(n):
        base = next(res[a]["faults"][i] for a in arms if i < len(res[a]["faults"]))
        desc = base["kind"] + ("" if base["target"] == "-" else " " + base["target"]) + ("" if base["param"] == "-" else " " + base["param"] + "s")
        cells = []
        for a in arms:
            if i >= len(res[a]["faults"]):
                cells.append("-")
                continue
            f = res[a]["faults"][i]
            ok = f["ok_again"]
            ok = "-" if ok is None else (ok if isinstance(ok, str) else "%.0f s" % ok)
            ab = f["all_back"] if isinstance(f["all_back"], str) else "%.0f s" % f["all_back"]
            cells.append("%d/%d (%d) ok %s, all %s%s" % (f["failed_new"], f["n_new"], f["failed_ret"], ok, ab,
                                                         "" if f["note"] == "ok" else " [" + f["note"] + "]"))
        print("%-6.1f %-32s" % ((base["start"] - t0) / 60, desc) + "".join("%-52s" % c for c in cells))
    print()
    print("Per fault kind, the worst: time until new visitors are answered again / until every backend answers again")
    kinds = []
    for a in arms:
        for f in res[a]["faults"]:
            if f["kind"] not in kinds:
                kinds.append(f["kind"])
    for k in kinds:
        cells = []
        for a in arms:
            fs = [f for f in res[a]["faults"] if f["kind"] == k]
            oks = [f["ok_again"] for f in fs]
            alls = [f["all_back"] for f in fs]
            worst = lambda xs: ("-" if all(x is None for x in xs) else
                                next((x for x in xs if isinstance(x, str)), None) or "%.0f s" % max(x for x in xs if x is not None))
            cells.append("%s / %s" % (worst(oks), worst(alls)))
        print("%-24s" % k + "".join("%-52s" % c for c in cells))
    print()
    print("Targets: new visitors >= 99.9% answered; no outage of new visitors > 60 s while a backend is up (one always is);")
    print("RSS slope <= 0.5 MB/h; threads and open files constant.")
    for a in arms:
        r = res[a]
        verdict = []
        verdict.append("availability %s" % ("met" if r["n_new"] and r["ok_new"] / r["n_new"] >= 0.999 else "NOT met"))
        o = r["outage_new"]
        verdict.append("outages %s" % ("met" if not o or o[1] <= 60 else "NOT met (%.0f s)" % o[1]))
        s = r.get("rss_slope")
        verdict.append("RSS slope %s" % ("-" if s is None else ("met" if s <= 0.5 else "NOT met")))
        if "threads" in r and r["threads"][1] and r["open_files"][1]:
            const = r["threads"][1][0] == r["threads"][1][1] and r["open_files"][1][0] == r["open_files"][1][1]
            verdict.append("threads/files %s" % ("constant in the 2nd half" if const else "varied in the 2nd half"))
        print("  %s: %s" % (a, "; ".join(verdict)))


if __name__ == "__main__":
    main()
