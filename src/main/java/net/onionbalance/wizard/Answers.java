package net.onionbalance.wizard;

import net.onionbalance.config.BalancerExtensions;
import net.onionbalance.config.InstanceConfig;
import net.onionbalance.doc.hsdesc.InnerLayer;
import net.onionbalance.engine.HsDirAssignment;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFileException;
import net.onionbalance.crypto.KeyFiles;

import net.onionbalance.crypto.ClientAuthFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checks behind every wizard question and the matching {@code onionbalance-config} flag, in
 * one place so that the Lanterna screen, the plain prompts and the flags refuse the same answers
 * with the same words.
 */
public final class Answers {
    private Answers() {}

    /**
     * Intro points onionbalance takes from each backend unless config.yaml says otherwise (as
     * onionbalance 0.2.x: two per instance, rend-spec-v3 §2.5.4 [NUM_INTRO_POINT]).
     */
    public static final int INTRO_POINTS_PER_INSTANCE = BalancerExtensions.DEFAULT_INTRO_POINTS_PER_INSTANCE;
    /** The most instances per service at any intro-point count (1 each): {@link #maxInstances(int)} of 1. */
    public static final int MAX_INSTANCES = maxInstances(1);
    /** The most instances per service at the default 2 intro points each (60). */
    public static final int MAX_INSTANCES_AT_DEFAULT = maxInstances(INTRO_POINTS_PER_INSTANCE);
    /** Instances that fit in one descriptor at the default 2 intro points: every visitor sees all of them. */
    public static final int ONE_DESCRIPTOR_INSTANCES = HsDirAssignment.maxBackends(1, INTRO_POINTS_PER_INSTANCE);

    /**
     * The most instances of one service that all reach clients at {@code introPointsPerInstance}
     * each: the engine's rule ({@link HsDirAssignment#maxBackends}) for the 6 HSDirs clients fetch
     * from under the consensus defaults (60 at 2 intro points each, 120 at 1).
     */
    public static int maxInstances(int introPointsPerInstance) {
        return HsDirAssignment.maxBackends(HsDirAssignment.DEFAULT_FETCH_HSDIRS, introPointsPerInstance);
    }

    /** A bound to catch typos such as 100 for 10; no operator needs more frontends from one run. */
    public static final int MAX_SERVICES = 64;

    /**
     * A bound on the client keys the wizard makes per service, to catch typos: each client adds an
     * {@code auth-client} line to the master descriptor's first layer, and the whole descriptor must
     * stay within tor's 50,000 bytes (HSV3MaxDescriptorSize) beside up to 20 intro points.
     */
    public static final int MAX_NEW_CLIENTS = 64;

    /** The number of client keys to make for one service: 0 (none) to {@link #MAX_NEW_CLIENTS}. */
    public static int numberOfNewClients(String field, int n) throws InvalidAnswerException {
        if (n < 0 || n > MAX_NEW_CLIENTS) {
            throw new InvalidAnswerException(field, "The number of client keys must be from 0 to " + MAX_NEW_CLIENTS + "; got " + n
                    + ". More clients can be added later with onionbalance client-auth add.");
        }
        return n;
    }

    /**
     * A folder of tor's {@code <name>.auth} files to take (read now, so a wrong one is refused before
     * anything is written); it must hold at least one, or the service would be public.
     */
    public static List<ClientAuthFiles.AuthorizedClient> clientsFolder(String field, Path folder) throws InvalidAnswerException {
        List<ClientAuthFiles.AuthorizedClient> clients;
        try {
            clients = ClientAuthFiles.readFolder(folder);
        } catch (KeyFileException e) {
            throw new InvalidAnswerException(field, "Cannot use the authorized clients folder: " + e.getMessage()
                    + ". Give a folder of tor's <name>.auth files (descriptor:x25519:<key>), a number of client keys to make, or 0.", e);
        }
        if (clients.isEmpty()) {
            throw new InvalidAnswerException(field, "The folder " + folder + " holds no <name>.auth file, so the service would be public. "
                    + "Give a folder with at least one, a number of client keys to make, or 0 for a public service.");
        }
        return clients;
    }

    /**
     * The wizard's one answer on a service's clients: a number of client keys to make (0: public), or
     * a folder of {@code .auth} files to take (anything that is not a number is read as a folder).
     */
    public static ClientsRequest clients(String field, String text) throws InvalidAnswerException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.matches("-?\\d{1,6}")) {
            return new ClientsRequest(numberOfNewClients(field, t.isEmpty() ? 0 : Integer.parseInt(t)), Optional.empty());
        }
        Path folder = Path.of(t);
        clientsFolder(field, folder);
        return new ClientsRequest(0, Optional.of(folder));
    }

    /** A yes/no answer; empty takes {@code dflt}. */
    public static boolean yesNo(String field, String text, boolean dflt) throws InvalidAnswerException {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty()) {
            return dflt;
        }
        if (t.equals("y") || t.equals("yes")) {
            return true;
        }
        if (t.equals("n") || t.equals("no")) {
            return false;
        }
        throw new InvalidAnswerException(field, "Answer y or n; got '" + ServiceTarget.printable(t) + "'.");
    }

    public static int numberOfServices(String field, String text) throws InvalidAnswerException {
        int n = count(field, "number of services", text);
        if (n < 1 || n > MAX_SERVICES) {
            throw new InvalidAnswerException(field, "The number of services must be from 1 to " + MAX_SERVICES + "; got " + n + ".");
        }
        return n;
    }

    /** The number of instances, any count that can reach clients at some intro-point count (1..{@link #MAX_INSTANCES}). */
    public static int numberOfInstances(String field, String text) throws InvalidAnswerException {
        return numberOfInstances(field, count(field, "number of instances", text));
    }

    public static int numberOfInstances(String field, int n) throws InvalidAnswerException {
        if (n < 1 || n > MAX_INSTANCES) {
            throw new InvalidAnswerException(field, field + " takes 1 to " + MAX_INSTANCES_AT_DEFAULT
                    + " instances per service (up to " + MAX_INSTANCES + " at 1 intro point per instance); got " + n + ". "
                    + roomReason() + (n > MAX_INSTANCES ? " Use several services for more." : ""));
        }
        return n;
    }

    /** The number of instances at a given intro-point count: {@code 1..maxInstances(introPointsPerInstance)}. */
    public static int numberOfInstances(String field, int n, int introPointsPerInstance, String introPointsField)
            throws InvalidAnswerException {
        numberOfInstances(field, n);
        int max = maxInstances(introPointsPerInstance);
        if (n > max) {
            throw new InvalidAnswerException(field, field + " " + n + " is more than the " + max + " instances that reach clients at "
                    + introPointsPerInstance + " intro point" + (introPointsPerInstance == 1 ? "" : "s") + " per instance; "
                    + field + " takes 1 to " + max + " here. " + roomReason() + " For " + n + " instances give "
                    + introPointsField + " " + largestIntroPoints(n) + ".");
        }
        return n;
    }

    /**
     * Intro points taken from each instance ({@code intro-points-per-instance} in config.yaml):
     * 1..20 as config.yaml allows, and at most what lets all {@code instances} reach clients.
     */
    public static int introPointsPerInstance(String field, String text, int instances) throws InvalidAnswerException {
        int k = count(field, "number of intro points per instance", text);
        int most = Math.min(InnerLayer.MAX_INTRO_POINTS, largestIntroPoints(instances));
        if (k < 1 || k > most) {
            throw new InvalidAnswerException(field, field + " takes 1 to " + most + " intro points per instance"
                    + (most < InnerLayer.MAX_INTRO_POINTS ? " for " + instances + " instances" : "") + "; got " + k + ". " + roomReason());
        }
        return k;
    }

    /** The most intro points per instance at which {@code instances} all reach clients (at least 1). */
    public static int largestIntroPoints(int instances) {
        return Math.max(1, HsDirAssignment.introPointRoom(HsDirAssignment.DEFAULT_FETCH_HSDIRS) / Math.max(1, instances));
    }

    private static String roomReason() {
        return "Clients fetch a service's descriptor from one of " + HsDirAssignment.DEFAULT_FETCH_HSDIRS
                + " HSDirs, each holding a descriptor of at most " + InnerLayer.MAX_INTRO_POINTS + " intro points (rend-spec-v3 2.2.3, 2.5.4).";
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
