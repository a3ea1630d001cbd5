package io.ballast.rulebase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DRL is code: a consequence runs as Java in the service, as its user. So whoever can write the rules directory can
 * run code as Ballast. The directory, its subdirectories and its files must be owned by the service's user and not
 * writable by group or others; anything else is refused at start and at every reload. On a file system without
 * POSIX attributes the check is skipped with a warning.
 */
final class RulesDirectoryCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RulesDirectoryCheck.class);

    private RulesDirectoryCheck() {
    }

    /** Why {@code dir} may not be loaded, or empty when it may. */
    static Optional<String> problem(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();   // the loader reports a missing directory itself
        }
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
            LOG.warn("rules directory {}: the file system has no POSIX owners or permissions, so Ballast cannot check"
                    + " that only its own user can write the DRL it runs", dir);
            return Optional.empty();
        }
        String me = System.getProperty("user.name");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir.toRealPath())) {
            for (Path p : all.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    // its target could be anywhere, writable by anyone
                    problems.add(p + " is a symbolic link (put the file itself into the directory)");
                    continue;
                }
                String owner = a.owner().getName();
                if (!owner.equals(me)) {
                    problems.add(p + " is owned by " + owner + ", not by the service user " + me);
                }
                if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                        || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                    problems.add(p + " is writable by group or others (" + PosixFilePermissions.toString(a.permissions()) + ")");
                }
                if (problems.size() >= 5) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules directory " + dir, e);
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("rules directory refused: DRL runs as code in Ballast, so only the service user may write it: "
                + String.join("; ", problems) + " (fix: chown -R " + me + " " + dir + " && chmod -R go-w " + dir + ")");
    }
}
