package net.onionbalance.cli;

import net.onionbalance.wizard.Answers;

import java.util.ListResourceBundle;

/**
 * The help lines of {@code onionbalance config} that carry limits: made at run time from
 * {@link Answers} (the engine's rule), which annotations cannot hold. picocli finds this class
 * as the command's resource bundle.
 */
public final class ConfigCommandHelp extends ListResourceBundle {
    static final String INSTANCES = "instances";
    static final String INTRO_POINTS = "intro-points-per-instance";

    @Override
    protected Object[][] getContents() {
        return new Object[][] {
                {INSTANCES, "Backend instances per service, 1 to " + Answers.MAX_INSTANCES_AT_DEFAULT + " (up to " + Answers.MAX_INSTANCES
                        + " with --intro-points-per-instance 1); past " + Answers.ONE_DESCRIPTOR_INSTANCES
                        + " each visitor sees the backends of the descriptor it fetched (default: ${DEFAULT-VALUE})."},
                {INTRO_POINTS, "Intro points the balancer takes from each backend (config.yaml's intro-points-per-instance; default "
                        + Answers.INTRO_POINTS_PER_INSTANCE + "). 1 lets up to " + Answers.MAX_INSTANCES + " backends reach clients."},
        };
    }
}
