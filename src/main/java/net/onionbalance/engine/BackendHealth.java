package net.onionbalance.engine;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.snapshot.InstanceHealth;
import net.onionbalance.health.HealthChecker;
import net.onionbalance.health.HealthFailure;
import net.onionbalance.health.HealthProbe;
import net.onionbalance.health.HealthResult;
import net.onionbalance.health.HealthState;
import net.onionbalance.health.HealthStatus;
import net.onionbalance.health.HealthTarget;
import net.onionbalance.health.HealthTransition;
import net.onionbalance.health.LocalOutage;
import net.onionbalance.health.SocksPortChoice;
import net.onionbalance.time.CivilTime;
import net.onionbalance.tor.ControlException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The engine's view of the active health checks: which backends are down, and whether they
 * should leave the master descriptors now. The checks themselves run on the
 * {@link HealthChecker}'s threads through tor's SocksPort; their results come back through the
 * engine's queue, so every method here runs on the engine thread.
 *
 * <p>A backend that is down leaves the descriptors at once. Two guards keep a failing obhost
 * from emptying its services: when every checked backend began failing within one round of
 * checks, the obhost's own tor or network is the likelier culprit ({@link LocalOutage}) and
 * nobody is dropped; and a service whose backends would all be dropped keeps them (done by the
 * publisher, which sees the services).
 */
final class BackendHealth implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackendHealth.class.getName());
    private static final int EVENTS_KEPT = 20;

    /** Opens a probe for tor's SocksPort; tests give their own. */
    interface ProbeFactory {
        HealthProbe open(InetSocketAddress socksPort) throws IOException;
    }

    private final Clock clock;
    private final ProbeFactory probes;
    private final Consumer<HealthResult> results;
    private HealthChecker checker;
    private String explanation = "no health checks configured";
    private final Map<HealthTarget, HealthState> states = new LinkedHashMap<>();
    private final Deque<HealthTransition> events = new ArrayDeque<>();
    private Set<HealthTarget> wanted = Set.of();
    /** Whether tor's SocksPort was looked for; again only after a reconnect (see {@link #retry}). */
    private boolean tried;
    private boolean outageShown;

    BackendHealth(Clock clock, ProbeFactory probes, Consumer<HealthResult> results) {
        this.clock = clock;
        this.probes = probes;
        this.results = results;
    }

    /**
     * The targets the services ask for; starts the checker the first time any is wanted (finding
     * tor's SocksPort through {@code tor}), and stops checking backends no longer listed.
     */
    void configure(Collection<ServiceState> services, TorGateway tor) {
        Set<HealthTarget> targets = new HashSet<>();
        for (ServiceState s : services) {
            Optional<HealthCheckSettings> settings = s.extensions.healthCheck();
            if (settings.isEmpty()) {
                continue;
            }
            for (InstanceRef i : s.instances) {
                targets.add(new HealthTarget(i.address(), settings.get()));
            }
        }
        wanted = Set.copyOf(targets);
        states.keySet().retainAll(wanted);
        if (wanted.isEmpty()) {
            if (checker != null) {
                checker.update(Set.of());
            }
            return;
        }
        Instant now = clock.instant();
        for (HealthTarget t : wanted) {
            states.putIfAbsent(t, HealthState.unknown(t, now));
        }
        if (checker == null && !tried) {
            tried = true;
            checker = open(tor);
        }
        if (checker != null) {
            checker.update(wanted);
        }
    }

    private HealthChecker open(TorGateway tor) {
        SocksPortChoice choice;
        try {
            choice = SocksPortChoice.choose(tor.socksListeners());
        } catch (ControlException e) {
            choice = new SocksPortChoice(Optional.empty(), "no active health checks: cannot ask tor for its SocksPort ("
                    + e.getMessage() + ")");
        }
        explanation = choice.explanation();
        if (choice.address().isEmpty()) {
            LOG.warning(explanation + "; only the backends' descriptors decide who is published");
            return null;
        }
        try {
            HealthProbe probe = probes.open(choice.address().get());
            LOG.info(explanation);
            return new HealthChecker(probe, results, HealthChecker.DEFAULT_MAX_IN_FLIGHT, clock);
        } catch (IOException e) {
            explanation = "no active health checks: " + e.getMessage();
            LOG.warning(explanation);
            return null;
        }
    }

    /** After a reconnect to tor: look for its SocksPort again if there was none. */
    void retry(Collection<ServiceState> services, TorGateway tor) {
        if (checker == null) {
            tried = false;
            configure(services, tor);
        }
    }

    /**
     * Folds one result in.
     *
     * @return whether the descriptors may need to change: the backend went up or down, or a
     *         suspected outage of this obhost's tor began or ended
     */
    boolean onResult(HealthResult r) {
        HealthState s = states.get(r.target());
        if (s == null || !wanted.contains(r.target())) {
            return false;
        }
        HealthState.Step step = s.apply(r);
        states.put(r.target(), step.state());
        if (r.failure().isPresent() && r.failure().get().kind().blamesBackend() && localOutage().isPresent()) {
            // Failures while every backend fails together are this obhost's, not the backends': they
            // count for nobody, so that no backend is down when the outage ends.
            states.replaceAll((t, x) -> forgiven(x));
            if (step.transition().isPresent() && step.transition().get().to() == HealthStatus.DOWN) {
                HealthState now = states.get(r.target());
                states.put(r.target(), new HealthState(now.target(), s.status(), s.since(), 0, 0, now.lastResult(),
                        now.lastFailure(), now.recent(), now.failingSince()));
                step = new HealthState.Step(states.get(r.target()), Optional.empty());
            }
        }
        step.transition().ifPresent(t -> {
            events.addLast(t);
            while (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
            LOG.info("Health: " + t);
        });
        Optional<String> outage = localOutage();
        boolean outageChanged = outage.isPresent() != outageShown;
        if (outageChanged) {
            outageShown = outage.isPresent();
            if (outageShown) {
                LOG.warning("Health: " + outage.get());
            } else {
                LOG.info("Health: the backends answer again; health checks decide who is published");
            }
        }
        return step.transition().isPresent() || outageChanged;
    }

    private static HealthState forgiven(HealthState x) {
        return new HealthState(x.target(), x.status(), x.since(), 0, x.consecutiveSuccesses(), x.lastResult(), x.lastFailure(),
                x.recent(), x.failingSince());
    }

    /** The warning when every checked backend failing together points at this obhost's own tor. */
    Optional<String> localOutage() {
        if (states.isEmpty()) {
            return Optional.empty();
        }
        // Checks that could not even use tor's SocksPort (tor restarting, DisableNetwork closes its
        // listeners) count against nobody; say so when that is every backend's latest check.
        Optional<String> local = Optional.empty();
        for (HealthState s : states.values()) {
            Optional<HealthFailure> f = s.lastResult().flatMap(HealthResult::failure);
            if (f.isEmpty() || f.get().kind().blamesBackend()) {
                local = Optional.empty();
                break;
            }
            local = Optional.of("health checks cannot use this obhost's tor (" + f.get().text()
                    + "): nobody is dropped, the last published descriptors stay");
        }
        if (local.isPresent()) {
            return local;
        }
        Duration window = states.keySet().stream().map(t -> t.settings().interval()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        return LocalOutage.suspected(states.values(), window.multipliedBy(2));
    }

    /** The backends whose checks say down (any service's), none while a local outage is suspected. */
    Set<OnionAddress> down() {
        Set<OnionAddress> out = new HashSet<>();
        if (localOutage().isPresent()) {
            return out;
        }
        states.values().stream().filter(s -> s.status() == HealthStatus.DOWN).forEach(s -> out.add(s.target().backend()));
        return out;
    }

    Optional<InstanceHealth> view(OnionAddress backend, boolean excluded) {
        return states.values().stream().filter(s -> s.target().backend().equals(backend)).findFirst()
                .map(s -> new InstanceHealth(s.status(), s.since(), s.lastLatency(), s.lastError(),
                        s.lastFailure().map(f -> f.startedAt()), s.recent().samples(), excluded));
    }

    /** Recent transitions of the given backends, oldest first, as lines for the operator. */
    List<String> events(Collection<OnionAddress> backends, Map<OnionAddress, String> labels) {
        List<String> out = new ArrayList<>();
        for (HealthTransition t : events) {
            if (backends.contains(t.target().backend())) {
                out.add(CivilTime.format(t.at().getEpochSecond()).substring(11) + " "
                        + labels.getOrDefault(t.target().backend(), t.target().backend().toString().substring(0, 8)) + " "
                        + t.from().name().toLowerCase(java.util.Locale.ROOT) + " → " + t.to().name().toLowerCase(java.util.Locale.ROOT)
                        + t.cause().map(c -> ": " + c.text()).orElse(""));
            }
        }
        return out;
    }

    /** One line for the console's tor panel: whether and how backends are checked. */
    String explanation() {
        return explanation;
    }

    Map<OnionAddress, HealthStatus> statuses() {
        Map<OnionAddress, HealthStatus> out = new HashMap<>();
        states.values().forEach(s -> out.put(s.target().backend(), s.status()));
        return out;
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.close();
        }
    }
}
