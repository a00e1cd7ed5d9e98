package net.onionbalance.config;

import net.onionbalance.io.AtomicFiles;
import net.onionbalance.crypto.OnionAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigWriterTest {
    static final OnionAddress NEW = OnionAddress.parse("bvfxva4bv2bndtjf6zysajmrnbetd2pshwx7wche4yiishczng6mryid");
    static final OnionAddress NODE2 = OnionAddress.parse("fyiozhqhw4o5b5h23qplwpgqjgpwjqkph2betcxxhupnkgx74gpprfad");
    static final OnionAddress MASTER = OnionAddress.parse("7v7rh2vmryinwnisqkwgrekbv3p6ijov723sm4fr6u3ebdgy2on6j7qd");

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of(), k -> null);
    private final ConfigWriter writer = new ConfigWriter(loader);

    private Path copySample(String name) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.copy(ConfigSamplesTest.SAMPLES.resolve(name), f, StandardCopyOption.REPLACE_EXISTING);
        return f;
    }

    /** The lines of {@code text} that are comments (or carry one), in order. */
    private static List<String> commentLines(String text) {
        return text.lines().filter(l -> l.contains("#")).toList();
    }

    /** The keys of every "key:" line, in file order (the key order an operator sees). */
    private static List<String> keyOrder(String text) {
        List<String> keys = new ArrayList<>();
        for (String l : text.lines().toList()) {
            String t = l.strip();
            if (t.startsWith("- ")) {
                t = t.substring(2).strip();
            }
            if (!t.startsWith("#") && t.matches("[a-z-]+:.*")) {
                keys.add(t.substring(0, t.indexOf(':')));
            }
        }
        return keys;
    }

    private static List<String> withoutLines(List<String> all, List<String> removed) {
        List<String> out = new ArrayList<>(all);
        for (String r : removed) {
            assertTrue(out.remove(r), "line present: " + r);
        }
        return out;
    }

    @Test
    void addingAnInstanceKeepsCommentsAndKeyOrder() throws Exception {
        Path f = copySample("one-service.yaml");
        String before = Files.readString(f);
        ServiceConfig service = loader.load(f).config().services().get(0);

        LoadedConfig after = writer.apply(f, List.of(new ConfigEdit.AddInstance(service.key(), InstanceConfig.of(NEW, "node4"))));

        String text = Files.readString(f);
        assertEquals(commentLines(before), commentLines(text), "every comment kept, in place and order");
        List<String> order = keyOrder(before);
        List<String> expectedOrder = new ArrayList<>(order);
        expectedOrder.addAll(List.of("address", "name"));
        assertEquals(expectedOrder, keyOrder(text), "existing keys in the same order, the new instance last");
        assertEquals(withoutLines(text.lines().toList(), List.of("  - address: " + NEW.withOnionSuffix(), "    name: node4")),
                before.lines().toList(), "nothing but the two new lines changed; written like its neighbours (.onion, indentation)");

        // Re-read from disk: the new instance is there, after the others.
        BalancerConfig reread = loader.load(f).config();
        assertEquals(reread, after.config());
        List<InstanceConfig> instances = reread.services().get(0).instances();
        assertEquals(4, instances.size());
        assertEquals(InstanceConfig.of(NEW, "node4"), instances.get(3));
        assertEquals(service.instances(), instances.subList(0, 3));
    }

    @Test
    void removingAnInstanceTakesOnlyItsOwnLines() throws Exception {
        Path f = copySample("one-service.yaml");
        String before = Files.readString(f);
        Path key = loader.load(f).config().services().get(0).key();

        writer.apply(f, List.of(new ConfigEdit.RemoveInstance(key, NODE2)));

        String text = Files.readString(f);
        assertEquals(withoutLines(before.lines().toList(),
                        List.of("  - address: " + NODE2.withOnionSuffix(), "    name: node2   # web2, rack B")),
                text.lines().toList());
        assertTrue(text.contains("# Added after the migration"), "the comment above the next instance stays");
        assertEquals(List.of("node1", "node3"), loader.load(f).config().services().get(0).instances().stream()
                .map(i -> i.name().orElseThrow()).toList());
    }

    @Test
    void addThenRemoveRestoresTheFileByteForByte() throws Exception {
        for (String sample : List.of("one-service.yaml", "shared-backends.yaml", "test-network.yaml")) {
            Path f = copySample(sample);
            byte[] before = Files.readAllBytes(f);
            BalancerConfig c = loader.load(f).config();
            for (ServiceConfig s : c.services()) {
                writer.apply(f, List.of(new ConfigEdit.AddInstance(s.key(), InstanceConfig.of(NEW, "x"))));
                writer.apply(f, List.of(new ConfigEdit.RemoveInstance(s.key(), NEW)));
            }
            assertArrayEquals(before, Files.readAllBytes(f), sample);
        }
    }

    @Test
    void rotationAddsAndRemovesInOneWrite() throws Exception {
        Path f = copySample("shared-backends.yaml");
        BalancerConfig c = loader.load(f).config();
        ServiceConfig blog = c.services().get(1);
        OnionAddress old = blog.instances().get(1).address();
        LoadedConfig after = writer.apply(f, List.of(
                new ConfigEdit.AddInstance(blog.key(), InstanceConfig.of(NEW, "blog-b2")),
                new ConfigEdit.RemoveInstance(blog.key(), old)));
        List<InstanceConfig> instances = after.config().services().get(1).instances();
        assertEquals(List.of(blog.instances().get(0), InstanceConfig.of(NEW, "blog-b2")), instances);
        assertEquals(c.services().get(0), after.config().services().get(0), "the other service is untouched");
        assertEquals(commentLines(Files.readString(ConfigSamplesTest.SAMPLES.resolve("shared-backends.yaml"))),
                commentLines(Files.readString(f)));
        assertTrue(Files.readString(f).contains("      - address: " + NEW + "\n        name: blog-b2\n"), "indented layout followed");
    }

    @Test
    void pythonGeneratedLayoutAndFlowStyle() throws Exception {
        String a = "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd";
        String b = "sgjkazrmtm2zvkbctg6qsxcolfwbnsgkq2w4cqnhpnvedjkv4mektkqd";
        Path f = dir.resolve("config.yaml");
        // The layout onionbalance-config writes: instances before key, list items not indented.
        Files.writeString(f, "# Onionbalance Config File\nservices:\n- instances:\n  - address: " + a + "\n    name: node1\n  key: m.key\n"
                + "- key: n.key\n  instances: [{address: '" + a + "', name: x}, {address: '" + b + "'}]\n");
        Path m = dir.resolve("m.key");
        Path n = dir.resolve("n.key");
        writer.apply(f, List.of(new ConfigEdit.AddInstance(m, InstanceConfig.of(NEW, "node2")),
                new ConfigEdit.AddInstance(n, InstanceConfig.of(NEW, "yes"))));
        assertEquals("# Onionbalance Config File\nservices:\n- instances:\n  - address: " + a + "\n    name: node1\n"
                + "  - address: " + NEW + "\n    name: node2\n  key: m.key\n"
                + "- key: n.key\n  instances: [{address: '" + a + "', name: x}, {address: '" + b + "'}, {address: '" + NEW + "', name: 'yes'}]\n",
                Files.readString(f));
        assertEquals(Optional.of("yes"), loader.load(f).config().services().get(1).instances().get(2).name(), "quoted, so not a boolean");

        writer.apply(f, List.of(new ConfigEdit.RemoveInstance(n, OnionAddress.parse(a))));
        assertTrue(Files.readString(f).contains("  instances: [{address: '" + b + "'}, {address: '" + NEW + "', name: 'yes'}]\n"));
        writer.apply(f, List.of(new ConfigEdit.RemoveInstance(n, NEW)));
        assertTrue(Files.readString(f).contains("  instances: [{address: '" + b + "'}]\n"));
    }

    @Test
    void namesThatNeedQuotingReadBackTheSame() throws Exception {
        Path f = copySample("one-service.yaml");
        Path key = loader.load(f).config().services().get(0).key();
        for (String name : List.of("web 4", "o'clock", "123", "#hash", "- dash", "on", "a: b", "ünïcode")) {
            writer.apply(f, List.of(new ConfigEdit.AddInstance(key, InstanceConfig.of(NEW, name))));
            assertEquals(Optional.of(name), loader.load(f).config().services().get(0).instances().get(3).name(), name);
            writer.apply(f, List.of(new ConfigEdit.RemoveInstance(key, NEW)));
        }
        assertEquals(Files.readString(ConfigSamplesTest.SAMPLES.resolve("one-service.yaml")), Files.readString(f));
    }

    @Test
    void crlfFilesStayCrlf() throws Exception {
        Path f = dir.resolve("config.yaml");
        String a = "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd";
        Files.writeString(f, "services:\r\n- key: m.key\r\n  instances:\r\n  - address: " + a + "\r\n");
        writer.apply(f, List.of(new ConfigEdit.AddInstance(dir.resolve("m.key"), InstanceConfig.of(NEW))));
        assertEquals("services:\r\n- key: m.key\r\n  instances:\r\n  - address: " + a + "\r\n  - address: " + NEW + "\r\n",
                Files.readString(f));
    }

    @Test
    void editsThatCannotApplyWriteNothing() throws Exception {
        Path f = copySample("one-service.yaml");
        byte[] before = Files.readAllBytes(f);
        Path key = loader.load(f).config().services().get(0).key();

        ConfigException dup = assertThrows(ConfigException.class,
                () -> writer.apply(f, List.of(new ConfigEdit.AddInstance(key, InstanceConfig.of(NODE2)))));
        assertEquals(18, dup.line());
        assertTrue(dup.problem().contains("already an instance"), dup.getMessage());

        ConfigException missing = assertThrows(ConfigException.class,
                () -> writer.apply(f, List.of(new ConfigEdit.RemoveInstance(key, NEW))));
        assertTrue(missing.problem().contains("is not an instance"), missing.getMessage());

        ConfigException noService = assertThrows(ConfigException.class,
                () -> writer.apply(f, List.of(new ConfigEdit.AddInstance(dir.resolve("other.key"), InstanceConfig.of(NEW)))));
        assertTrue(noService.problem().contains("No service"), noService.getMessage());

        // A batch fails as a whole: the first edit is not written either.
        assertThrows(ConfigException.class, () -> writer.apply(f, List.of(
                new ConfigEdit.AddInstance(key, InstanceConfig.of(NEW)), new ConfigEdit.AddInstance(key, InstanceConfig.of(NEW)))));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir(), "no temporary files left behind");
    }

    @Test
    void lastInstanceIsNotRemoved() throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "services:\n- key: m.key\n  instances:\n  - address: " + NEW + "\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> writer.apply(f, List.of(new ConfigEdit.RemoveInstance(dir.resolve("m.key"), NEW))));
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("last instance"), e.getMessage());
    }

    @Test
    void theMasterCannotBeAddedAsAnInstance() throws Exception {
        Path f = copySample("one-service.yaml");
        ConfigLoader withKeys = new ConfigLoader(Map.of(), k -> MASTER);
        Path key = withKeys.load(f).config().services().get(0).key();
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigWriter(withKeys).apply(f, List.of(new ConfigEdit.AddInstance(key, InstanceConfig.of(MASTER)))));
        assertTrue(e.problem().startsWith("Refusing to write") && e.problem().contains("frontend"), e.getMessage());
    }

    @Test
    void modeAndSymlinkAreKept() throws Exception {
        Path real = dir.resolve("real.yaml");
        Files.copy(ConfigSamplesTest.SAMPLES.resolve("one-service.yaml"), real);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("config.yaml"), real.getFileName());
        Path key = loader.load(link).config().services().get(0).key();
        writer.apply(link, List.of(new ConfigEdit.AddInstance(key, InstanceConfig.of(NEW))));
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        assertEquals(4, loader.load(real).config().services().get(0).instances().size());
    }

    @Test
    void atomicReplaceRefusesWhenTheFileChangedMeanwhile() throws Exception {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, "edited by hand");
        assertThrows(AtomicFiles.ChangedOnDiskException.class,
                () -> AtomicFiles.replace(f, "ours".getBytes(), "what we read".getBytes()));
        assertEquals("edited by hand", Files.readString(f));
        assertEquals(List.of(f), listDir());
        AtomicFiles.replace(f, "ours".getBytes(), "edited by hand".getBytes());
        assertEquals("ours", Files.readString(f));
        assertFalse(Files.exists(dir.resolve("x.yaml.tmp")));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aListSharedThroughAnAnchorIsNotEdited() throws Exception {
        Path f = dir.resolve("config.yaml");
        String text = "services:\n- key: a.key\n  instances: &both\n  - address: " + NODE2 + "\n- key: b.key\n  instances: *both\n";
        Files.writeString(f, text);
        ConfigException e = assertThrows(ConfigException.class,
                () -> writer.apply(f, List.of(new ConfigEdit.AddInstance(dir.resolve("b.key"), InstanceConfig.of(NEW)))));
        assertTrue(e.problem().contains("shared through a YAML anchor"), e.getMessage());
        assertEquals(text, Files.readString(f));
    }
}
