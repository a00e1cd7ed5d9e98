package net.onionbalance.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of our temporary files and staging folders, and the removal of the ones a killed
 * process left behind. A write is killed (kill -9, power loss) between creating its temporary
 * and renaming it: the target is untouched, but the temporary stays. Each temporary's name
 * carries the writing process's id ({@code .config.yaml.onionbalance-<pid>-<random>.tmp},
 * {@code .srv1.v2.rotate-onionbalance-<pid>-<random>/}), so the next write into the same folder
 * (and the balancer's start, for config.yaml's folder) removes those whose process has ended,
 * and never one a running process is still writing. Only names of exactly this shape are
 * touched; a symbolic link is never followed.
 */
public final class Temporaries {
    private static final Logger LOG = Logger.getLogger(Temporaries.class.getName());
    private static final String MARK = "onionbalance-";
    // A leading dot, the writer's own prefix, our mark, the pid, the JDK's random number, ".tmp" for files.
    private static final Pattern NAME = Pattern.compile("^\\..*" + MARK + "(\\d{1,10})-\\d+(\\.tmp)?$");
    private static final long SELF = ProcessHandle.current().pid();

    private Temporaries() {}

    /** The prefix for a temporary (file or folder) named after {@code base}; the JDK appends a random number. */
    static String prefix(String base) {
        return base + MARK + SELF + "-";
    }

    /** True when {@code name} is one of our temporaries and the process that made it has ended. */
    static boolean stale(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != SELF && ProcessHandle.of(pid).isEmpty();
    }

    /**
     * Removes from {@code folder} the temporaries of ended processes; best effort (a folder we
     * cannot list or an entry we cannot delete is left as it is).
     *
     * @return the entries removed
     */
    public static List<Path> removeStale(Path folder) {
        List<Path> removed = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, p -> stale(p.getFileName().toString()))) {
            for (Path p : entries) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.deleteIfExists(p)) {
                        removed.add(p);
                    }
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    PrivateFiles.deleteTree(p);
                    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        removed.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a leftover is 0600 or 0700 and holds nothing the target would not.
        }
        for (Path p : removed) {
            LOG.info("Removed " + p + ", left by an interrupted write (its process has ended; the file it was for is unchanged)");
        }
        return removed;
    }
}
