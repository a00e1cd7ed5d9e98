package net.onionbalance.cli;

import net.onionbalance.crypto.KeyFiles;
import net.onionbalance.crypto.KeyFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = CommandTree.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void newThenInfoAgreeOnTheAddress(@TempDir Path dir) throws Exception {
        for (String format : new String[] {"pem", "tor"}) {
            Path f = dir.resolve("master-" + format);
            Run made = run("key", "new", "--output", f.toString(), "--format", format);
            assertEquals(0, made.code(), made.err());
            String address = KeyFiles.load(f).onionAddress().withOnionSuffix();
            assertTrue(made.out().contains("address: " + address), made.out());
            assertEquals(format.equals("pem") ? KeyFormat.PEM_PKCS8 : KeyFormat.TOR_SECRET, KeyFiles.load(f).format());
            Run info = run("key", "info", f.toString());
            assertEquals(0, info.code(), info.err());
            assertTrue(info.out().contains("address: " + address), info.out());
        }
    }

    @Test
    void newRefusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("k");
        assertEquals(0, run("key", "new", "-o", f.toString()).code());
        String before = Files.readString(f);
        Run again = run("key", "new", "-o", f.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(before, Files.readString(f));
        assertEquals(0, run("key", "new", "-o", f.toString(), "--force").code());
        assertTrue(!before.equals(Files.readString(f)));
    }

    @Test
    void infoOnBadFileFailsWithTheFileName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junk.key");
        Files.writeString(f, "junk");
        Run r = run("key", "info", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(f.toString()) && r.err().contains("not a key file"), r.err());
        assertEquals(2, run("key", "new", "--format", "rsa", "-o", dir.resolve("x").toString()).code());
    }

    @Test
    void infoRefusesAPublicKeyFileWhoseKeyIsNoValidPoint(@TempDir Path dir) throws Exception {
        // A hostile-input run (issue 30): 32 bytes of 0xff after tor's header printed an address and exit 0.
        byte[] header = java.util.Arrays.copyOf("== ed25519v1-public: type0 ==".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
        byte[] identity = new byte[32];
        identity[0] = 1; // the neutral point: on the curve, but of order 1
        for (byte[] key : new byte[][] {filled((byte) 0xff), identity}) {
            Path f = dir.resolve("hs_ed25519_public_key");
            byte[] file = java.util.Arrays.copyOf(header, 64);
            System.arraycopy(key, 0, file, 32, 32);
            Files.write(f, file);
            Run r = run("key", "info", f.toString());
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains(f.toString()) && r.err().contains("does not hold a valid ed25519 public key"), r.err());
            assertTrue(!r.out().contains("address:"), r.out());
        }
        Path real = dir.resolve("real_public_key");
        var master = net.onionbalance.crypto.IdentityKey.generate(new java.security.SecureRandom(), KeyFormat.TOR_SECRET);
        KeyFiles.writeTorPublicKey(real, master.publicKey(), false);
        Run ok = run("key", "info", real.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("address: " + master.onionAddress().withOnionSuffix()), ok.out());
    }

    private static byte[] filled(byte b) {
        byte[] a = new byte[32];
        java.util.Arrays.fill(a, b);
        return a;
    }

    @Test
    void anEmptyOrFolderOutputSaysSoInsteadOfAlreadyExists(@TempDir Path dir) {
        Run empty = run("key", "new", "--output", "");
        assertEquals(1, empty.code());
        assertEquals("onionbalance key new: key file '': no file name given (name the file to write, e.g. --output master.key)",
                empty.err().strip());
        Run folder = run("key", "new", "--output", dir.toString());
        assertEquals(1, folder.code());
        assertTrue(folder.err().contains("key file " + dir + ": is a folder; name a file inside it"), folder.err());
    }

    @Test
    void infoWarnsAboutAKeyOthersCanRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.key");
        assertEquals(0, run("key", "new", "-o", f.toString()).code());
        assertTrue(!run("key", "info", f.toString()).out().contains("warning"), "0600 is fine");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Run info = run("key", "info", f.toString());
        assertEquals(0, info.code());
        assertTrue(info.out().contains("warning: key file " + f + " has mode 0644: other users can read the master key")
                && info.out().contains("chmod 600 " + f), info.out());
    }

    @Test
    void aHugeTimePeriodLengthIsAUsageErrorNotATrace() {
        for (String len : new String[] {"9223372036854775807", "14401", "0"}) {
            Run r = run("descriptor", "show", "--time-period-length", len, "--address",
                    "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd", "/nope");
            assertEquals(2, r.code(), r.err());
            assertEquals("onionbalance descriptor show: --time-period-length " + len
                    + " is not 1..14400 minutes (tor clamps hsdir-interval to at most 10 days)", r.err().strip());
        }
    }

    @Test
    void aMissingDescriptorFileIsNamedAsSuch() {
        Run r = run("descriptor", "show", "/nope");
        assertEquals(2, r.code());
        assertEquals("onionbalance descriptor show: descriptor file /nope does not exist", r.err().strip());
    }
}
