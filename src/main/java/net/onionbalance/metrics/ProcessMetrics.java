package net.onionbalance.metrics;

import net.onionbalance.io.BoundedFiles;
import net.onionbalance.io.FileKind;
import java.nio.charset.StandardCharsets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static net.onionbalance.metrics.SnapshotMetrics.sample;

/**
 * The process's own figures under the names Prometheus' client libraries use, read from
 * /proc/self at scrape time (no management beans, which would load and keep many classes).
 * Absent where /proc is not Linux's.
 */
final class ProcessMetrics {
    private ProcessMetrics() {}

    static List<MetricFamily> families() {
        List<MetricFamily> out = new ArrayList<>();
        try {
            String stat = new String(BoundedFiles.read(Path.of("/proc/self/stat"), FileKind.PROC_FILE), StandardCharsets.US_ASCII);
            // Fields after the command name, which may hold spaces and ends with ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ticks = 100.0; // USER_HZ: 100 on every Linux architecture tor runs on
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks;
            double bootTime = bootTime();
            out.add(new MetricFamily("process_cpu_seconds_total", MetricFamily.Type.COUNTER,
                    "User and system CPU time spent, in seconds.", List.of(sample(cpu))));
            out.add(gauge("process_resident_memory_bytes", "Resident memory size in bytes.", statusKb("VmRSS:") * 1024.0));
            if (bootTime > 0) {
                out.add(gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
                        bootTime + Long.parseLong(f[19]) / ticks));
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        Runtime rt = Runtime.getRuntime();
        out.add(new MetricFamily("jvm_memory_used_bytes", MetricFamily.Type.GAUGE, "Java heap in use, in bytes.",
                List.of(sample(rt.totalMemory() - rt.freeMemory(), "area", "heap"))));
        return out;
    }

    /** A "Name:   123 kB" line of /proc/self/status (the page size differs between machines). */
    private static long statusKb(String name) throws IOException {
        for (String line : new String(BoundedFiles.read(Path.of("/proc/self/status"), FileKind.PROC_FILE), StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + name + " in /proc/self/status");
    }

    private static double bootTime() throws IOException {
        for (String line : new String(BoundedFiles.read(Path.of("/proc/stat"), FileKind.PROC_FILE), StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        return 0;
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricFamily.Type.GAUGE, help, List.of(sample(value)));
    }
}
