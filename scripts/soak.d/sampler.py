"""For scripts/soak: samples one balancer's process every INTERVAL_S seconds.

Usage: /usr/bin/python3 sampler.py PIDFILE INTERVAL_S OUT_CSV [NETWORK_DIR]
PIDFILE names the balancer's current process (the supervisor rewrites it when it restarts one). Rows:
epoch, pid, rss_kb (VmRSS), cpu_s (utime+stime, /proc/PID/stat fields 14-15), threads, open_files
(entries in /proc/PID/fd). Stops at SIGTERM. Standard library only.
"""
import os
import signal
import sys
import time

stopping = False


def on_term(*_):
    global stopping
    stopping = True


def sample(pid):
    status = open("/proc/%d/status" % pid).read()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    rss = int(fields["VmRSS"].split()[0])
    threads = int(fields["Threads"].split()[0])
    stat = open("/proc/%d/stat" % pid).read()
    rest = stat[stat.rindex(")") + 2:].split()
    cpu = (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")
    fds = len(os.listdir("/proc/%d/fd" % pid))
    return rss, cpu, threads, fds


def main():
    pidfile, interval, out_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    out = open(out_path, "a", buffering=1)
    if out.tell() == 0:
        out.write("epoch,pid,rss_kb,cpu_s,threads,open_files\n")
    while not stopping:
        try:
            pid = int(open(pidfile).read().strip())
            rss, cpu, threads, fds = sample(pid)
            out.write("%.3f,%d,%d,%.2f,%d,%d\n" % (time.time(), pid, rss, cpu, threads, fds))
        except (OSError, ValueError, KeyError, IndexError):
            pass  # between a balancer's end and its restart
        end = time.time() + interval
        while not stopping and time.time() < end:
            time.sleep(0.5)


if __name__ == "__main__":
    main()
