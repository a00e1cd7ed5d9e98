package net.onionbalance.cli;

import net.onionbalance.config.BalancerConfig;
import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.wizard.BundleRotation;
import net.onionbalance.wizard.WizardTestSupport;
import net.onionbalance.wizard.WizardTestSupport.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static net.onionbalance.wizard.WizardTestSupport.mode;
import static net.onionbalance.wizard.WizardTestSupport.onionbalance;
import static net.onionbalance.wizard.WizardTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code onionbalance config}: onionbalance-config's flags and prompts, and the files they produce. */
class ConfigCommandTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void flagsWriteTheDocumentedLayoutWithOwnerOnlyModes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--no-interactive", "--output", out.toString(), "-n", "3", "-t", "web",
                "--service-virtual-port", "443", "--service-target", "10.0.0.5:8443", "--hs-dir-root", "/srv/tor");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("deploy"), list(tmp), "no temporary folder left beside the output");

        List<String> entries = list(out);
        String keyName = entries.stream().filter(n -> n.endsWith(".key")).findFirst().orElseThrow();
        assertEquals(Set.of(keyName, "config.yaml", "README.txt", "srv1", "srv2", "srv3"), Set.copyOf(entries));
        IdentityKey master = KeyFiles.load(out.resolve(keyName));
        assertEquals(KeyFormat.PEM_PKCS8, master.format(), "a new master key is PKCS#8 PEM, as onionbalance-config writes it");
        assertEquals(master.onionAddress() + ".key", keyName);
        assertTrue(Files.readString(out.resolve(keyName)).startsWith("-----BEGIN PRIVATE KEY-----\n"));

        for (Path p : walk(out)) {
            assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
        }

        Map<String, Object> yaml = new Yaml().load(Files.readString(out.resolve("config.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> service = ((List<Map<String, Object>>) yaml.get("services")).get(0);
        assertEquals(keyName, service.get("key"));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> instances = (List<Map<String, String>>) service.get("instances");
        assertEquals(List.of("web1", "web2", "web3"), instances.stream().map(i -> i.get("name")).toList());
        for (int i = 1; i <= 3; i++) {
            Path bundle = out.resolve("srv" + i);
            Path hs = bundle.resolve("onionbalance-srv" + i);
            assertEquals(Set.of("instance_torrc", "onionbalance-srv" + i), Set.copyOf(list(bundle)));
            assertEquals(Set.of("hs_ed25519_secret_key", "hs_ed25519_public_key", "hostname", "ob_config"), Set.copyOf(list(hs)));
            OnionAddress backend = KeyFiles.load(hs.resolve("hs_ed25519_secret_key")).onionAddress();
            assertEquals(KeyFormat.TOR_SECRET, KeyFiles.inspect(hs.resolve("hs_ed25519_secret_key")).format());
            assertEquals(backend, KeyFiles.inspect(hs.resolve("hs_ed25519_public_key")).onionAddress());
            assertEquals(backend.withOnionSuffix() + "\n", Files.readString(hs.resolve("hostname")));
            assertEquals(backend.withOnionSuffix(), instances.get(i - 1).get("address"), "config.yaml lists the real address of srv" + i);
            assertEquals("MasterOnionAddress " + master.onionAddress().withOnionSuffix() + "\n", Files.readString(hs.resolve("ob_config")));
            List<String> torrc = Files.readAllLines(bundle.resolve("instance_torrc")).stream().filter(l -> !l.startsWith("#")).toList();
            assertEquals(List.of("HiddenServiceDir /srv/tor/onionbalance-srv" + i, "HiddenServicePort 443 10.0.0.5:8443",
                    "HiddenServiceOnionbalanceInstance 1"), torrc);
        }
        String readme = Files.readString(out.resolve("README.txt"));
        for (String must : List.of("debian-tor", "0700", "0600", "srv1/", "srv3/", "instance_torrc", "ob_config",
                "HiddenServiceOnionbalanceInstance 1", master.onionAddress().withOnionSuffix())) {
            assertTrue(readme.contains(must), "README.txt mentions " + must);
        }
        // Our own loader (the balancer's) takes it as it is.
        BalancerConfig loaded = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        assertEquals(3, loaded.services().get(0).instances().size());
        assertTrue(r.out().contains(master.onionAddress().withOnionSuffix()), r.out());
    }

    @Test
    void configYamlIsByteForByteWhatPyYamlDumpsLikeOnionbalanceConfig(@TempDir Path tmp) throws Exception {
        assumePython("import yaml");
        for (String tag : List.of("node", "7", "0x", "web.v")) {
            Path out = tmp.resolve("t-" + tag);
            Run r = onionbalance("config", "--no-interactive", "--output", out.toString(), "-s", "2", "-n", "2", "-t", tag);
            assertEquals(0, r.exitCode(), r.toString());
            // The Python tool: "# Onionbalance Config File\n" + yaml.safe_dump(data, default_flow_style=False)
            String python = python("import sys,yaml\n"
                    + "d=yaml.safe_load(open(sys.argv[1]))\n"
                    + "sys.stdout.write('# Onionbalance Config File\\n'+yaml.safe_dump(d, default_flow_style=False))\n",
                    out.resolve("config.yaml").toString());
            assertEquals(python, Files.readString(out.resolve("config.yaml")), "tag " + tag);
        }
    }

    @Test
    void pythonOnionbalanceAcceptsTheConfigAndLoadsTheMasterKey(@TempDir Path tmp) throws Exception {
        assumePython("import onionbalance.hs_v3.onionbalance");
        Path out = tmp.resolve("deploy");
        assertEquals(0, onionbalance("config", "--no-interactive", "--output", out.toString(), "-s", "2").exitCode());
        String report = python(String.join("\n",
                "import sys, logging",
                "from onionbalance.hs_v3 import onionbalance as m, service",
                "from stem.descriptor.hidden_service import HiddenServiceDescriptorV3",
                "logging.disable(logging.CRITICAL)",
                "ob = m.my_onionbalance",
                "ob.config_path = sys.argv[1]",
                "cfg = ob.load_config_file()",
                "for s in cfg['services']:",
                "    svc = service.OnionbalanceService.__new__(service.OnionbalanceService)",
                "    svc.is_priv_key_in_tor_format = False",
                "    key, addr = svc._load_service_keys(s, ob.config_path)",
                "    print('master ' + addr)",
                "    for i in s['instances']:",
                "        HiddenServiceDescriptorV3.identity_key_from_address(i['address'])",
                "        print('instance ' + i['address'])",
                ""), out.resolve("config.yaml").toString());
        BalancerConfig ours = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        List<String> expected = new ArrayList<>();
        for (var s : ours.services()) {
            expected.add("master " + KeyFiles.load(s.key()).onionAddress().withOnionSuffix());
            s.instances().forEach(i -> expected.add("instance " + i.address().withOnionSuffix()));
        }
        assertEquals(expected, report.lines().toList());
    }

    @Test
    void importedPemKeyIsCopiedByteForByte(@TempDir Path tmp) throws Exception {
        IdentityKey key = IdentityKey.generate(new SecureRandom(), KeyFormat.PEM_PKCS8);
        Path pem = tmp.resolve("mine.pem");
        KeyFiles.write(pem, key, false);
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--no-interactive", "--key", pem.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Path copied = out.resolve(key.onionAddress() + ".key");
        assertArrayEquals(Files.readAllBytes(pem), Files.readAllBytes(copied));
        assertEquals("rw-------", mode(copied));
        assertTrue(Files.readString(out.resolve("srv2/onionbalance-srv2/ob_config")).contains(key.onionAddress().withOnionSuffix()));
    }

    @Test
    void refusesToOverwriteAndForceMovesTheOldFilesAside(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        assertEquals(0, onionbalance("config", "--no-interactive", "--output", out.toString()).exitCode());
        Map<String, String> before = tree(out);

        Run again = onionbalance("config", "--no-interactive", "--output", out.toString());
        assertEquals(2, again.exitCode(), "a usage error: choose another --output");
        assertTrue(again.err().contains("refusing to overwrite"), again.err());
        assertTrue(again.err().contains("config.yaml"), again.err());
        assertEquals(before, tree(out), "nothing changed");
        assertEquals(List.of("deploy"), list(tmp));

        Run forced = onionbalance("config", "--no-interactive", "--output", out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        Path replaced = Files.list(out).filter(p -> p.getFileName().toString().startsWith("replaced-")).findFirst().orElseThrow();
        Map<String, String> moved = tree(replaced);
        Map<String, String> now = tree(out);
        // Every old file is still there with its content: moved aside if the new run needed its name, else left in place.
        before.forEach((k, v) -> {
            if (!k.isEmpty()) {
                assertTrue(v.equals(moved.get(k)) || v.equals(now.get(k)), "old " + k + " kept");
            }
        });
        assertTrue(moved.keySet().containsAll(List.of("config.yaml", "README.txt", "srv1", "srv2")), moved.keySet().toString());
        assertTrue(!before.get("config.yaml").equals(now.get("config.yaml")), "a new config.yaml");
        assertEquals(2, now.keySet().stream().filter(k -> k.endsWith(".key") && !k.contains("/")).count(), "old and new master keys");
    }

    @Test
    void refusesAFolderHoldingAConfigYamlFromThePythonTool(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("config"));
        Files.writeString(out.resolve("config.yaml"), "# Onionbalance Config File\nservices: []\n");
        Run r = onionbalance("config", "--no-interactive", "--output", out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("config.yaml") && r.err().contains("refusing to overwrite"), r.err());
        assertTrue(r.err().contains("--output"), r.err());
        assertEquals(List.of("config.yaml"), list(out));
    }

    @Test
    void writesIntoAnExistingFolderAsThePythonToolDoes(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("etc-onionbalance"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Run r = onionbalance("config", "--no-interactive", "--output", out.toString(), "-n", "1");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> names = list(out);
        assertTrue(names.containsAll(List.of("notes.txt", "config.yaml", "README.txt", "srv1")), names.toString());
        assertEquals(5, names.size(), "no temporary folder left: " + names);
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "--service-virtual-port | 0            | port 0; a port is from 1 to 65535",
            "--service-virtual-port | 65536        | a port is from 1 to 65535",
            "--service-virtual-port | http         | not a number from 1 to 65535",
            "--service-target       | 127.0.0.1    | has no port",
            "--service-target       | 127.0.0.1:0  | a port is from 1 to 65535",
            "--service-target       | 10.0.0.1:99999 | a port is from 1 to 65535",
            "--service-target       | ::1:80       | [address]:port",
            "--service-target       | 300.1.1.1:80 | neither an IPv4 address nor a host name",
            "--service-target       | unix:sock    | absolute socket path",
            "-n                     | 121          | -n takes 1 to 60 instances per service (up to 120 at 1 intro point per instance); got 121",
            "-n                     | 61           | -n 61 is more than the 60 instances that reach clients at 2 intro points per instance",
            "-n                     | 0            | -n takes 1 to 60 instances per service (up to 120 at 1 intro point per instance); got 0",
            "-n                     | abc          | -n: The number of instances 'abc' is not a whole number",
            "--intro-points-per-instance | 0       | --intro-points-per-instance takes 1 to 20 intro points per instance; got 0",
            "-s                     | 0            | from 1 to 64",
            "-t                     | a/b          | The tag 'a/b' is not usable",
            "--hs-version           | v2           | dropped v2",
            "--hs-dir-root          | var/lib/tor  | must be an absolute path",
            "--key                  | /nonexistent/hs_ed25519_secret_key | does not exist"})
    void badAnswersAreRefusedWithAClearMessageAndNothingIsWritten(String flag, String value, String message, @TempDir Path tmp) {
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--no-interactive", "--output", out.toString(), flag, value);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void sixtyBackendsAreWrittenAndTheSummaryAndReadmeSayWhatVisitorsSee(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("onionbalance_master_conf");
        // The tutorial's first step, at its "up to 60 instances".
        Run r = onionbalance("config", "-n", "60", "--service-virtual-port", "80", "--service-target", "127.0.0.1:8080",
                "--output", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        BalancerConfig cfg = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        assertEquals(60, cfg.services().get(0).instances().size());
        assertTrue(cfg.services().get(0).extensions().introPointsPerInstance().isEmpty(), "the default 2 is not written");
        Set<String> bundles = list(out).stream().filter(n -> n.startsWith("srv")).collect(Collectors.toSet());
        assertEquals(60, bundles.size());
        assertTrue(bundles.contains("srv1") && bundles.contains("srv60"), bundles.toString());
        assertTrue(Files.readString(out.resolve("srv60/instance_torrc")).contains("\nHiddenServicePort 80 127.0.0.1:8080\n"));
        String readme = Files.readString(out.resolve("README.txt"));
        for (String said : List.of(r.out(), readme)) {
            assertTrue(said.contains("60 backends need more intro points than one descriptor holds (20)"), said);
            assertTrue(said.contains("each visitor sees the backends of the descriptor it fetched, up to 10 at a time"), said);
            assertTrue(said.contains("distinct-descriptors: off under the service in config.yaml would cap it at 10 backends"), said);
        }
    }

    @Test
    void tenBackendsFitOneDescriptorAndSayNothingAboutIt(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "-n", "10", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.out().contains("each visitor sees"), r.out());
        assertFalse(Files.readString(out.resolve("README.txt")).contains("each visitor sees"));
    }

    @Test
    void oneHundredTwentyBackendsAtOneIntroPointEach(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "-n", "120", "--intro-points-per-instance", "1", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        BalancerConfig cfg = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        assertEquals(120, cfg.services().get(0).instances().size());
        assertEquals(1, cfg.services().get(0).extensions().introPointsPerInstance().getAsInt());
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("\n  intro-points-per-instance: 1\n  key: "));
        assertTrue(r.out().contains("up to 20 at a time"), r.out());
        assertTrue(r.out().contains("would cap it at 20 backends"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-n 121 --intro-points-per-instance 1 | -n takes 1 to 60 instances per service (up to 120 at 1 intro point per instance); got 121",
            "-n 61 --intro-points-per-instance 2  | --intro-points-per-instance takes 1 to 1 intro points per instance for 61 instances; got 2",
            "-n 31 --intro-points-per-instance 4  | --intro-points-per-instance takes 1 to 3 intro points per instance for 31 instances; got 4",
            "-n 12 --intro-points-per-instance x  | --intro-points-per-instance: The number of intro points per instance 'x' is not a whole number",
            "-n 61                                | For 61 instances give --intro-points-per-instance 1"})
    void countsBeyondWhatReachesClientsAreRefused(String flags, String message, @TempDir Path tmp) {
        Path out = tmp.resolve("deploy");
        List<String> args = new ArrayList<>(List.of("config", "--output", out.toString()));
        args.addAll(List.of(flags.split(" ")));
        Run r = onionbalance(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutputThatIsAFileIsRefusedAsAUsageError(@TempDir Path tmp) throws IOException {
        Path out = Files.writeString(tmp.resolve("deploy"), "mine");
        Run r = onionbalance("config", "-n", "12", "--output", out.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("exists and is not a folder; choose another --output"), r.err());
        assertEquals("mine", Files.readString(out));
        assertEquals(List.of("deploy"), list(tmp));
    }

    @Test
    void theHelpGivesTheRangeOfMinusN() {
        Run r = onionbalance("config", "--help");
        assertEquals(0, r.exitCode(), r.toString());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Backend instances per service, 1 to 60 (up to 120 with --intro-points-per-instance 1)"), help);
    }

    @Test
    void pastSixtyTheWizardAsksForTheIntroPointsPerInstance(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("asked");
        // output, services, key, instances, intro points (refused 2, then the default), tag, port, target, clients, restrict
        String answers = String.join("\n", out.toString(), "", "", "61", "2", "", "", "", "", "", "") + "\n";
        CommandLine cl = new CommandLine(new ConfigCommand(WizardTestSupport.stdin(answers), false));
        Run r = WizardTestSupport.run(cl);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Service #1: 61 instances reach clients only at 1 intro point each (at 2, at most 60); "
                + "intro points per instance [1]: "), r.out());
        assertTrue(r.out().contains("Refused: service #1 intro_points takes 1 to 1 intro points per instance for 61 instances; got 2."), r.out());
        BalancerConfig cfg = BundleRotation.defaultLoader().load(out.resolve("config.yaml")).config();
        assertEquals(61, cfg.services().get(0).instances().size());
        assertEquals(1, cfg.services().get(0).extensions().introPointsPerInstance().getAsInt());
    }

    @Test
    void aFileThatIsNoKeyIsRefused(@TempDir Path tmp) throws IOException {
        Path notKey = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--no-interactive", "--key", notKey.toString(), "--output", out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not a key file onionbalance understands"), r.err());
        assertTrue(r.err().contains("Leave it empty to generate one") || r.err().contains("leave it empty to generate one"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void withoutFlagsAndWithoutATerminalItAsksOnStdinLikeOnionbalanceConfig(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("asked");
        String answers = String.join("\n", out.toString(), "", "", "121", "3", "api", "0", "8080", "", "") + "\n";
        CommandLine cl = new CommandLine(new ConfigCommand(WizardTestSupport.stdin(answers), false));
        Run r = WizardTestSupport.run(cl, "-v", "debug");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Enter path to store generated config ["), r.out());
        assertTrue(r.out().contains("Number of services (frontends) to create (default: 1): "), r.out());
        assertTrue(r.out().contains("Service #1: Enter path to master service private key (i.e. path to 'hs_ed25519_secret_key') "
                + "(Leave empty to generate a key): "), r.out());
        assertTrue(r.out().contains("Service #1: Number of instance services to create (default: 2) (min: 1, max: 120): "), r.out());
        assertTrue(r.out().contains("Refused: service #1 instances takes 1 to 60 instances per service (up to 120 at 1 intro point "
                + "per instance); got 121."), r.out());
        assertTrue(r.out().contains("Service #1: Provide a tag name to group these instances [node]: "), r.out());
        assertTrue(r.out().contains("Refused: The virtual port has port 0"), r.out());
        assertTrue(r.out().contains("[127.0.0.1:8080]: "), "the default target follows the virtual port: " + r.out());
        assertEquals(Set.of("srv1", "srv2", "srv3"), list(out).stream().filter(n -> n.startsWith("srv")).collect(Collectors.toSet()));
        assertTrue(Files.readString(out.resolve("srv3/instance_torrc")).contains("\nHiddenServicePort 8080 127.0.0.1:8080\n"));
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("name: api3"));
    }

    @Test
    void inputEndingEarlyWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("asked");
        CommandLine cl = new CommandLine(new ConfigCommand(WizardTestSupport.stdin(out + "\n2\n"), false));
        Run r = WizardTestSupport.run(cl);
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("input ended before all questions were answered"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void passwordIsAcceptedAndIgnoredWithANote(@TempDir Path tmp) {
        Path out = tmp.resolve("deploy");
        Run r = onionbalance("config", "--output", out.toString(), "-p", "secret", "-v", "warning");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("-p/--password is ignored"), r.err());
        assertFalse(r.err().contains("secret"), "the password is not echoed");
        assertTrue(Files.exists(out.resolve("config.yaml")));
    }

    @Test
    void theOnionbalanceConfigAliasRunsThisCommand() throws IOException {
        Path script = Path.of("scripts/onionbalance-config");
        assertTrue(Files.isExecutable(script));
        assertTrue(Files.readString(script).contains("exec \"$(dirname \"$0\")/onionbalance\" config \"$@\""));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> walk(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.toList();
        }
    }

    private static void assumePython(String importLine) throws Exception {
        boolean ok = Files.isExecutable(PYTHON);
        if (ok) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", importLine).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) {
            System.err.println("SKIPPED: " + PYTHON + " cannot '" + importLine + "' (Python onionbalance/PyYAML not installed)");
            Assumptions.abort("SKIPPED: " + PYTHON + " cannot '" + importLine + "'");
        }
    }

    private static String python(String program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", program));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "python failed; stdout:\n" + out);
        return out;
    }
}
