package net.onionbalance.ring;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * {@link RingBenchmark}'s operations timed in thread CPU time instead of JMH's wall time: on a
 * machine shared with other work (load above its core count), wall time mostly measures waiting
 * for a core, CPU time much less so. {@code scripts/bench-ring --cpu} runs it in the JVM it is
 * given (the launcher's flags by default).
 *
 * <pre>RingCpuTime NETWORKS(,) WARMUP RUNS METHODS(,)</pre>
 */
public final class RingCpuTime {
    private RingCpuTime() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: RingCpuTime real2017,full2022 WARMUP RUNS method,method");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        for (String network : args[0].split(",")) {
            RingBenchmark b = new RingBenchmark();
            b.network = network;
            b.load();
            for (String name : args[3].split(",")) {
                Method m = find(name);
                Object[] params = m.getParameterCount() == 1 ? new Object[] {bh} : new Object[0];
                for (int i = 0; i < warmup; i++) {
                    m.invoke(b, params);
                }
                long[] t = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long start = threads.getCurrentThreadCpuTime();
                    m.invoke(b, params);
                    t[i] = threads.getCurrentThreadCpuTime() - start;
                }
                Arrays.sort(t);
                System.out.printf("%-9s %-40s CPU ms per op: min %.2f, median %.2f, max %.2f (%d runs)%n", network, name,
                        t[0] / 1e6, t[runs / 2] / 1e6, t[runs - 1] / 1e6, runs);
            }
        }
    }

    private static Method find(String name) {
        for (Method m : RingBenchmark.class.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("RingBenchmark has no method " + name);
    }
}
