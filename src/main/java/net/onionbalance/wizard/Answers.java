package net.onionbalance.wizard;

import net.onionbalance.config.BalancerExtensions;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.doc.hsdesc.InnerLayer;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;

import java.nio.file.Path;

/**
 * The checks behind every wizard question and the matching {@code onionbalance-config} flag, in
 * one place so that the Lanterna screen, the plain prompts and the flags refuse the same answers
 * with the same words.
 */
public final class Answers {
    private Answers() {}

    /**
     * Intro points onionbalance takes from each backend (as onionbalance 0.2.x: two per instance,
     * rend-spec-v3 §2.5.4 [NUM_INTRO_POINT]).
     */
    public static final int INTRO_POINTS_PER_INSTANCE = BalancerExtensions.DEFAULT_INTRO_POINTS_PER_INSTANCE;
    /** Backends that fit in one master descriptor. */
    public static final int MAX_INSTANCES = InnerLayer.MAX_INTRO_POINTS / INTRO_POINTS_PER_INSTANCE;
    /** A bound to catch typos such as 100 for 10; no operator needs more frontends from one run. */
    public static final int MAX_SERVICES = 64;

    public static int numberOfServices(String field, String text) throws InvalidAnswerException {
        int n = count(field, "number of services", text);
        if (n < 1 || n > MAX_SERVICES) {
            throw new InvalidAnswerException(field, "The number of services must be from 1 to " + MAX_SERVICES + "; got " + n + ".");
        }
        return n;
    }

    public static int numberOfInstances(String field, String text) throws InvalidAnswerException {
        return numberOfInstances(field, count(field, "number of instances", text));
    }

    public static int numberOfInstances(String field, int n) throws InvalidAnswerException {
        if (n < 1) {
            throw new InvalidAnswerException(field, "A service needs at least 1 instance; got " + n + ".");
        }
        if (n > MAX_INSTANCES) {
            throw new InvalidAnswerException(field, n + " instances do not fit in one descriptor: onionbalance takes "
                    + INTRO_POINTS_PER_INSTANCE + " introduction points from each instance, and tor clients refuse a descriptor "
                    + "with more than " + InnerLayer.MAX_INTRO_POINTS + " (rend-spec-v3 2.5.4), so at most " + MAX_INSTANCES
                    + " instances per service. Use several services, or fewer, bigger backends.");
        }
        return n;
    }

    /** The instance-name prefix: names are tag1, tag2, ... in config.yaml, kept to characters that need no YAML quoting. */
    public static String tag(String field, String text) throws InvalidAnswerException {
        String t = text == null ? "" : text.strip();
        if (!InstanceConfig.isPlainName(t)) {
            throw new InvalidAnswerException(field, "The tag '" + ServiceTarget.printable(t) + "' is not usable: use "
                    + InstanceConfig.PLAIN_NAME_RULE + " (e.g. node).");
        }
        return t;
    }

    public static int virtualPort(String field, String text) throws InvalidAnswerException {
        return ServiceTarget.parsePort(field, "virtual port", text);
    }

    /** Reads the key to import now, so that a wrong path or format is refused before anything is written. */
    public static IdentityKey importedKey(String field, Path path) throws InvalidAnswerException {
        try {
            return KeyFiles.load(path);
        } catch (KeyFileException e) {
            throw new InvalidAnswerException(field, "Cannot use the master key: " + e.getMessage()
                    + ". Give tor's hs_ed25519_secret_key or a PEM key, or leave it empty to generate one.", e);
        }
    }

    private static int count(String field, String what, String text) throws InvalidAnswerException {
        String s = text == null ? "" : text.strip();
        if (!s.matches("-?\\d{1,6}")) {
            throw new InvalidAnswerException(field, "The " + what + " '" + ServiceTarget.printable(s) + "' is not a whole number.");
        }
        return Integer.parseInt(s);
    }
}
