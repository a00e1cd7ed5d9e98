package net.onionbalance.metrics;

import net.onionbalance.engine.HealStep;
import net.onionbalance.engine.HsDirVerdict;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.PublishReason;
import net.onionbalance.engine.RefetchReason;
import net.onionbalance.engine.TorCondition;
import net.onionbalance.engine.snapshot.OtherPublisher;
import net.onionbalance.engine.snapshot.SelfHealStatus;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.health.HealthStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static net.onionbalance.metrics.MetricFamily.Type.COUNTER;
import static net.onionbalance.metrics.MetricFamily.Type.GAUGE;

/**
 * The figures an operator alerts on, from one snapshot and the derived counters. Ages are taken
 * at the snapshot's own instant plus the time since, so a scrape between two engine events still
 * shows the age growing.
 */
final class SnapshotMetrics {
    private SnapshotMetrics() {}

    static List<MetricFamily> families(EngineSnapshot s, SnapshotCounters counters, Instant now, String version) {
        List<MetricFamily> out = new ArrayList<>();
        out.add(gauge("onionbalance_build_info", "The running onionbalance's version (always 1).",
                List.of(sample(1, "version", version))));
        out.add(gauge("onionbalance_tor_control_connected", "1 while the control connection to tor is up.",
                List.of(sample(s.tor().connected() ? 1 : 0))));
        out.add(new MetricFamily("onionbalance_tor_control_reconnects_total", COUNTER,
                "Times the control connection to tor was re-established after it was lost.",
                List.of(sample(Math.max(counters.reconnects(), s.tor().reconnects())))));
        s.network().ifPresent(n -> {
            out.add(gauge("onionbalance_consensus_live", "1 while tor's consensus is reasonably live (descriptors are published only then).",
                    List.of(sample(n.reasonablyLive() ? 1 : 0))));
            out.add(gauge("onionbalance_consensus_valid_until_timestamp_seconds", "When tor's current consensus stops being valid (Unix time).",
                    List.of(sample(n.validUntil().getEpochSecond()))));
            out.add(gauge("onionbalance_consensus_hsdirs", "Relays with the HSDir flag in tor's consensus.",
                    List.of(sample(n.hsDirCount()))));
        });
        instances(s, now, out);
        descriptors(s, counters, now, out);
        keyBundles(s, now, out);
        selfHeal(s, now, out);
        return out;
    }

    /** Only services published from an offline key bundle have a series; negative once it ran out. */
    private static void keyBundles(EngineSnapshot s, Instant now, List<MetricFamily> out) {
        List<MetricFamily.Sample> expiry = new ArrayList<>();
        for (ServiceStatus svc : s.services()) {
            svc.keyBundle().ifPresent(k -> expiry.add(sample(k.signsUntil().getEpochSecond() - now.getEpochSecond(),
                    "service", Labels.service(svc))));
        }
        if (!expiry.isEmpty()) {
            out.add(gauge("onionbalance_key_bundle_expiry_seconds", "Seconds until the service's offline key bundle no "
                    + "longer covers the time periods the network needs (negative once it ran out): renew it before.", expiry));
        }
    }

    /** The watchdog, the event-driven refetches and the HSDir checks (issue 30: a balancer that heals itself). */
    private static void selfHeal(EngineSnapshot s, Instant now, List<MetricFamily> out) {
        SelfHealStatus h = s.selfHeal();
        out.add(gauge("onionbalance_engine_snapshot_age_seconds", "Seconds since the engine loop last published its state "
                + "(it does every second while it ticks; a growing value is a stuck loop).", List.of(sample(seconds(s.takenAt(), now)))));
        List<MetricFamily.Sample> condition = new ArrayList<>();
        for (TorCondition c : TorCondition.values()) {
            condition.add(sample(h.watchdog().condition() == c ? 1 : 0, "condition", Labels.of(c)));
        }
        out.add(gauge("onionbalance_tor_condition", "1 for tor's condition as the watchdog judges it (healthy, disconnected, "
                + "consensus_expired, events_silent), else 0.", condition));
        out.add(gauge("onionbalance_tor_condition_since_timestamp_seconds", "Since when tor is in its current condition (Unix time).",
                List.of(sample(h.watchdog().since().getEpochSecond()))));
        List<MetricFamily.Sample> steps = new ArrayList<>();
        for (HealStep st : HealStep.values()) {
            steps.add(sample(h.watchdog().steps().getOrDefault(st, 0L), "step", Labels.of(st)));
        }
        out.add(new MetricFamily("onionbalance_watchdog_heal_steps_total", COUNTER,
                "Healing steps the watchdog took for a stuck tor (resubscribe, reconnect, rebuild_view, refetch_all).", steps));
        List<MetricFamily.Sample> refetches = new ArrayList<>();
        for (RefetchReason r : RefetchReason.values()) {
            refetches.add(sample(h.refetches().getOrDefault(r, 0L), "reason", Labels.of(r)));
        }
        out.add(new MetricFamily("onionbalance_instance_refetches_total", COUNTER,
                "Backend descriptors fetched again before the fetch round, by why.", refetches));
        out.add(new MetricFamily("onionbalance_instance_refetches_rate_limited_total", COUNTER,
                "Event-driven backend refetches refused because the backend was fetched within the rate limit.",
                List.of(sample(h.refetchesRateLimited()))));
        List<MetricFamily.Sample> checks = new ArrayList<>();
        for (HsDirVerdict v : HsDirVerdict.values()) {
            checks.add(sample(h.hsDirChecks().getOrDefault(v, 0L), "verdict", Labels.of(v)));
        }
        out.add(new MetricFamily("onionbalance_hsdir_checks_total", COUNTER,
                "Master descriptors fetched back from an HSDir, by what it held (holds_ours, absent, older_revision, foreign, "
                        + "other_publisher, unreachable, unanswered).", checks));
        List<MetricFamily.Sample> repairs = new ArrayList<>();
        for (PublishReason r : List.of(PublishReason.HSDIR_LOST_IT, PublishReason.HSDIR_HOLDS_OLDER, PublishReason.HSDIR_HOLDS_FOREIGN)) {
            repairs.add(sample(h.hsDirRepairs().getOrDefault(r, 0L), "reason", Labels.of(r)));
        }
        out.add(new MetricFamily("onionbalance_hsdir_repairs_total", COUNTER,
                "Uploads made again at once to an HSDir a check found without our descriptor, by why.", repairs));
        List<MetricFamily.Sample> others = new ArrayList<>();
        List<MetricFamily.Sample> otherRevision = new ArrayList<>();
        for (ServiceStatus svc : s.services()) {
            String service = Labels.service(svc);
            for (DescriptorStatus d : svc.descriptors()) {
                others.add(sample(d.otherPublishers().size(), "service", service, "slot", d.slot().label()));
                for (OtherPublisher o : d.otherPublishers()) {
                    otherRevision.add(sample(o.revisionCounter(), "service", service, "slot", d.slot().label(),
                            "hsdir", o.hsDir().toString()));
                }
            }
        }
        out.add(gauge("onionbalance_other_publisher_hsdirs", "HSDirs found holding a descriptor of the slot that another obhost "
                + "published with this service's key (several obhosts publish it).", others));
        out.add(gauge("onionbalance_other_publisher_revision", "Revision counter of the other obhost's descriptor at that HSDir.",
                otherRevision));
    }

    private static void instances(EngineSnapshot s, Instant now, List<MetricFamily> out) {
        List<MetricFamily.Sample> info = new ArrayList<>();
        List<MetricFamily.Sample> state = new ArrayList<>();
        List<MetricFamily.Sample> age = new ArrayList<>();
        List<MetricFamily.Sample> intro = new ArrayList<>();
        List<MetricFamily.Sample> fetch = new ArrayList<>();
        List<MetricFamily.Sample> healthUp = new ArrayList<>();
        List<MetricFamily.Sample> healthLatency = new ArrayList<>();
        List<MetricFamily.Sample> healthExcluded = new ArrayList<>();
        List<MetricFamily.Sample> coverage = new ArrayList<>();
        for (ServiceStatus svc : s.services()) {
            String service = Labels.service(svc);
            for (InstanceStatus i : svc.instances()) {
                info.add(sample(1, "service", service, "instance", i.name(), "address", i.address().withOnionSuffix()));
                // One series per state, 1 for the current: alert rules compare no strings.
                for (InstanceState st : InstanceState.values()) {
                    state.add(sample(st == i.state() ? 1 : 0, "service", service, "instance", i.name(), "state", st.label()));
                }
                i.descriptorReceived().ifPresent(t -> age.add(sample(seconds(t, now), "service", service, "instance", i.name())));
                intro.add(sample(i.introPointCount(), "service", service, "instance", i.name()));
                i.lastFetch().ifPresent(t -> fetch.add(sample(t.getEpochSecond(), "service", service, "instance", i.name())));
                i.health().ifPresent(h -> {
                    if (h.status() != HealthStatus.UNKNOWN) {
                        healthUp.add(sample(h.status() == HealthStatus.UP ? 1 : 0, "service", service, "instance", i.name()));
                    }
                    h.lastLatency().ifPresent(d -> healthLatency.add(sample(d.toMillis() / 1000.0, "service", service,
                            "instance", i.name())));
                    healthExcluded.add(sample(h.excluded() ? 1 : 0, "service", service, "instance", i.name()));
                });
                for (DescriptorStatus d : svc.descriptors()) {
                    if (d.fetchHsDirs() > 0) {
                        coverage.add(sample(d.fetchCoverage(i.address()), "service", service, "instance", i.name(),
                                "slot", d.slot().label()));
                    }
                }
            }
        }
        out.add(gauge("onionbalance_instance_info", "A backend instance of a service and its onion address (always 1).", info));
        out.add(gauge("onionbalance_instance_state", "1 for the instance's current state (ok, missing, stale, invalid), else 0.", state));
        out.add(gauge("onionbalance_instance_descriptor_age_seconds",
                "Seconds since the balancer last received a verified descriptor of the instance.", age));
        out.add(gauge("onionbalance_instance_intro_points", "Intro points in the instance's own last descriptor.", intro));
        out.add(gauge("onionbalance_instance_last_fetch_timestamp_seconds",
                "When the balancer last asked tor to fetch the instance's descriptor (Unix time).", fetch));
        out.add(gauge("onionbalance_instance_health_up", "1 while the instance's health checks say up, 0 while down "
                + "(absent before the first verdict or without health-check).", healthUp));
        out.add(gauge("onionbalance_instance_health_check_duration_seconds", "How long the instance's latest health check took.",
                healthLatency));
        out.add(gauge("onionbalance_instance_health_excluded", "1 while health checks keep the instance out of the master descriptors.",
                healthExcluded));
        out.add(gauge("onionbalance_instance_fetch_hsdirs", "How many of the HSDirs clients fetch the slot's descriptor from "
                + "carry the instance (all of them unless the service uses distinct descriptors).", coverage));
    }

    private static void descriptors(EngineSnapshot s, SnapshotCounters counters, Instant now, List<MetricFamily> out) {
        List<MetricFamily.Sample> revision = new ArrayList<>();
        List<MetricFamily.Sample> intro = new ArrayList<>();
        List<MetricFamily.Sample> hsdirs = new ArrayList<>();
        List<MetricFamily.Sample> accepted = new ArrayList<>();
        List<MetricFamily.Sample> sinceUpload = new ArrayList<>();
        List<MetricFamily.Sample> distinct = new ArrayList<>();
        for (ServiceStatus svc : s.services()) {
            String service = Labels.service(svc);
            for (DescriptorStatus d : svc.descriptors()) {
                String slot = d.slot().label();
                d.revisionCounter().ifPresent(r -> revision.add(sample(r, "service", service, "slot", slot)));
                if (d.lastPublishAttempt().isPresent()) {
                    intro.add(sample(d.introPoints().size(), "service", service, "slot", slot));
                    hsdirs.add(sample(d.hsDirs().size(), "service", service, "slot", slot));
                    accepted.add(sample(d.uploadedCount(), "service", service, "slot", slot));
                    distinct.add(sample(Math.max(1, d.groups().size()), "service", service, "slot", slot));
                }
                counters.lastAccepted(new SnapshotCounters.SlotKey(service, slot))
                        .ifPresent(t -> sinceUpload.add(sample(seconds(t, now), "service", service, "slot", slot)));
            }
        }
        out.add(gauge("onionbalance_descriptor_revision", "Revision counter of the service's last published descriptor in the slot.", revision));
        out.add(gauge("onionbalance_descriptor_intro_points", "Intro points in the service's last published descriptor in the slot.", intro));
        out.add(gauge("onionbalance_descriptor_hsdirs", "HSDirs the slot's last descriptor was uploaded to.", hsdirs));
        out.add(gauge("onionbalance_descriptor_hsdirs_accepted", "HSDirs that accepted the slot's last descriptor.", accepted));
        out.add(gauge("onionbalance_descriptor_distinct", "Distinct descriptors the slot's HSDirs hold (1 unless the backends "
                + "need more than 20 intro points).", distinct));
        out.add(gauge("onionbalance_descriptor_last_accepted_upload_age_seconds",
                "Seconds since an HSDir last accepted the slot's descriptor (since this balancer started).", sinceUpload));

        List<MetricFamily.Sample> uploads = new ArrayList<>();
        counters.uploads().forEach((k, n) -> uploads.add(sample(n, "service", k.slot().service(), "slot", k.slot().slot(),
                "hsdir", k.hsDir(), "result", k.result().label)));
        out.add(new MetricFamily("onionbalance_descriptor_uploads_total", COUNTER,
                "Upload results per HSDir: accepted, rejected_older (the HSDir holds a newer revision), failed (each failed attempt).",
                uploads));
        List<MetricFamily.Sample> publishes = new ArrayList<>();
        counters.publishes().forEach((k, n) -> publishes.add(sample(n, "service", k.slot().service(), "slot", k.slot().slot(),
                "reason", Labels.reason(k.reason()))));
        out.add(new MetricFamily("onionbalance_descriptor_publishes_total", COUNTER,
                "Descriptors built and uploaded, by why (never_published, time_period_changed, intro_points_changed, "
                        + "hsdirs_changed, republish_due, operator).", publishes));
    }

    private static double seconds(Instant from, Instant now) {
        return Math.max(0, Duration.between(from, now).toMillis() / 1000.0);
    }

    private static MetricFamily gauge(String name, String help, List<MetricFamily.Sample> samples) {
        return new MetricFamily(name, GAUGE, help, samples);
    }

    /** A sample with label name/value pairs. */
    static MetricFamily.Sample sample(double value, String... labels) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return new MetricFamily.Sample(m, value);
    }
}
