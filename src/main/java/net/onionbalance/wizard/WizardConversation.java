package net.onionbalance.wizard;

import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The wizard's questions, in onionbalance-config's order and words (plus the virtual port and
 * target it asked only for v2, since we write the backends' torrc): output path, number of
 * services, then per service the key to import, the number of instances, the tag, the virtual
 * port and the target; then ours: per service its authorized clients (client keys to make, or a
 * folder of .auth files), and once whether to restrict the backends to the balancer. One
 * instance drives both the Lanterna screen and the plain prompts; each answer is checked as it
 * is given, so a wrong one is asked again with the reason.
 */
public final class WizardConversation {
    /** Which answer a question is for. */
    public enum Topic {
        OUTPUT, SERVICES, KEY, INSTANCES,
        /**
         * Ours, only past {@link Answers#maxInstances}(2) instances (60): the intro points taken from
         * each, 1 so that up to 120 reach clients.
         */
        INTRO_POINTS,
        TAG, VIRTUAL_PORT, TARGET,
        /** Ours: the service's authorized clients (restricted discovery), after onionbalance-config's questions. */
        CLIENTS,
        /** Ours, once at the end: restrict each backend's own descriptor to the balancer. */
        RESTRICT_BACKENDS;

        /** Not asked by onionbalance-config: input that ends before it takes the default, so its scripts keep working. */
        public boolean ours() {
            return this == CLIENTS || this == RESTRICT_BACKENDS || this == INTRO_POINTS;
        }
    }

    /**
     * One question.
     *
     * @param service       1-based service number, 0 for the questions before the services
     * @param prompt        the full prompt line, as onionbalance-config prints it
     * @param defaultAnswer what an empty answer means (shown in the prompt; empty for the key: generate)
     */
    public record Question(Topic topic, int service, String prompt, String defaultAnswer) {}

    private final WizardDefaults defaults;
    private Path output;
    private int services = -1;
    private final List<ServiceRequest> done = new ArrayList<>();
    // The service being asked about.
    private Optional<Path> key;
    private int instances;
    private int introPoints;
    private String tag;
    private int virtualPort;
    private ServiceTarget target;
    private boolean restrictBackends;
    private Question current;

    public WizardConversation(WizardDefaults defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.current = new Question(Topic.OUTPUT, 0, "Enter path to store generated config [" + defaults.output().toAbsolutePath() + "]: ",
                defaults.output().toString());
    }

    /** The question to ask now; empty when all are answered. */
    public Optional<Question> current() {
        return Optional.ofNullable(current);
    }

    /** Checks an answer to the current question without moving on: the reason it is refused, or empty. */
    public Optional<String> check(String answer) {
        try {
            parse(answer);
            return Optional.empty();
        } catch (InvalidAnswerException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Gives the answer to the current question: the reason it is refused (then the same question stays), or empty and the next question. */
    public Optional<String> answer(String answer) {
        if (current == null) {
            throw new IllegalStateException("all questions are answered");
        }
        Object value;
        try {
            value = parse(answer);
        } catch (InvalidAnswerException e) {
            return Optional.of(e.getMessage());
        }
        advance(value);
        return Optional.empty();
    }

    /** The request made of the answers. */
    public DeploymentRequest request() {
        if (current != null) {
            throw new IllegalStateException("not all questions are answered yet");
        }
        return new DeploymentRequest(output, done, defaults.hsDirRoot(), defaults.force(), restrictBackends);
    }

    private Object parse(String raw) throws InvalidAnswerException {
        if (current == null) {
            throw new IllegalStateException("all questions are answered");
        }
        String a = raw == null ? "" : raw.strip();
        boolean empty = a.isEmpty();
        String field = current.service() == 0 ? current.topic().name().toLowerCase(Locale.ROOT) : "service #" + current.service() + " " + current.topic().name().toLowerCase(Locale.ROOT);
        return switch (current.topic()) {
            case OUTPUT -> {
                Path p = Path.of(empty ? current.defaultAnswer() : a);
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p)) {
                    throw new InvalidAnswerException(field, p + " exists and is not a folder; give a folder to create.");
                }
                if (Files.exists(p.resolve(DeploymentPlan.CONFIG_FILE)) && !defaults.force()) {
                    throw new InvalidAnswerException(field, "The folder " + p + " already contains a 'config.yaml'; "
                            + "choose another folder (nothing is ever overwritten).");
                }
                yield p;
            }
            case SERVICES -> Answers.numberOfServices(field, empty ? current.defaultAnswer() : a);
            case KEY -> {
                if (empty) {
                    yield Optional.empty();
                }
                Path p = Path.of(a);
                Answers.importedKey(field, p);
                yield Optional.of(p);
            }
            case INSTANCES -> Answers.numberOfInstances(field, empty ? current.defaultAnswer() : a);
            case INTRO_POINTS -> Answers.introPointsPerInstance(field, empty ? current.defaultAnswer() : a, instances);
            case TAG -> Answers.tag(field, empty ? current.defaultAnswer() : a);
            case VIRTUAL_PORT -> Answers.virtualPort(field, empty ? current.defaultAnswer() : a);
            case TARGET -> ServiceTarget.parse(empty ? current.defaultAnswer() : a);
            case CLIENTS -> Answers.clients(field, empty ? current.defaultAnswer() : a);
            case RESTRICT_BACKENDS -> Answers.yesNo(field, a, defaults.restrictBackends());
        };
    }

    @SuppressWarnings("unchecked")
    private void advance(Object value) {
        int n = current.service();
        switch (current.topic()) {
            case OUTPUT -> {
                output = (Path) value;
                current = new Question(Topic.SERVICES, 0, "Number of services (frontends) to create (default: " + defaults.services() + "): ",
                        Integer.toString(defaults.services()));
            }
            case SERVICES -> {
                services = (Integer) value;
                askKey(1);
            }
            case KEY -> {
                key = (Optional<Path>) value;
                current = new Question(Topic.INSTANCES, n, "Service #" + n + ": Number of instance services to create (default: "
                        + defaults.instances() + ") (min: 1, max: " + Answers.MAX_INSTANCES + "): ", Integer.toString(defaults.instances()));
            }
            case INSTANCES -> {
                instances = (Integer) value;
                introPoints = Answers.INTRO_POINTS_PER_INSTANCE;
                if (instances > Answers.maxInstances(Answers.INTRO_POINTS_PER_INSTANCE)) {
                    int most = Answers.largestIntroPoints(instances);
                    current = new Question(Topic.INTRO_POINTS, n, "Service #" + n + ": " + instances + " instances reach clients only at "
                            + most + " intro point" + (most == 1 ? "" : "s") + " each (at " + Answers.INTRO_POINTS_PER_INSTANCE
                            + ", at most " + Answers.maxInstances(Answers.INTRO_POINTS_PER_INSTANCE)
                            + "); intro points per instance [" + most + "]: ", Integer.toString(most));
                } else {
                    askTag(n);
                }
            }
            case INTRO_POINTS -> {
                introPoints = (Integer) value;
                askTag(n);
            }
            case TAG -> {
                tag = (String) value;
                current = new Question(Topic.VIRTUAL_PORT, n, "Service #" + n + ": Specify the service virtual port (for client connections) ["
                        + defaults.virtualPort() + "]: ", Integer.toString(defaults.virtualPort()));
            }
            case VIRTUAL_PORT -> {
                virtualPort = (Integer) value;
                // As onionbalance-config: the default target follows the virtual port.
                String target = "127.0.0.1:" + virtualPort;
                current = new Question(Topic.TARGET, n, "Service #" + n + ": Specify the service target IP and port (where your service is listening) ["
                        + target + "]: ", target);
            }
            case TARGET -> {
                target = (ServiceTarget) value;
                current = new Question(Topic.CLIENTS, n, "Service #" + n + ": Restrict it to authorized clients? Number of client "
                        + "keys to make (0: public), or a folder of tor's .auth files to take [0]: ", "0");
            }
            case CLIENTS -> {
                done.add(new ServiceRequest(key, instances, tag, virtualPort, target, (ClientsRequest) value, introPoints));
                if (n < services) {
                    askKey(n + 1);
                } else {
                    String d = defaults.restrictBackends() ? "y" : "n";
                    current = new Question(Topic.RESTRICT_BACKENDS, 0, "Restrict each backend's own descriptor to the balancer, "
                            + "so that a backend's address alone does not reach it? (y/n) [" + d + "]: ", d);
                }
            }
            case RESTRICT_BACKENDS -> {
                restrictBackends = (Boolean) value;
                current = null;
            }
        }
    }

    private void askTag(int n) {
        current = new Question(Topic.TAG, n, "Service #" + n + ": Provide a tag name to group these instances ["
                + defaults.tag() + "]: ", defaults.tag());
    }

    private void askKey(int n) {
        current = new Question(Topic.KEY, n, "Service #" + n + ": Enter path to master service private key (i.e. path to "
                + "'hs_ed25519_secret_key') (Leave empty to generate a key): ", "");
    }
}
