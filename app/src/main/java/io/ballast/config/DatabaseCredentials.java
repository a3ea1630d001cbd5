package io.ballast.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded PostgreSQL's two generated passwords, each in its own owner-only file beside the data directory
 * ({@code data/pg.superuser.password}, {@code data/pg.ballast.password} for {@code data/pg}): they travel with the
 * data, and the superuser's file is also what initdb reads ({@code --pwfile}).
 *
 * @param superuserFile file of the superuser {@code postgres}'s password (only Ballast's start-up uses it)
 * @param appFile       file of the password of role {@code ballast}, which the application connects as
 * @param created       true when the superuser's file did not exist before (a new or a pre-password data directory)
 */
record DatabaseCredentials(Path superuserFile, String superuser, Path appFile, String app, boolean created) {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String toString() {
        return "DatabaseCredentials[" + superuserFile + ", " + appFile + "]";   // never the passwords
    }

    /** Reads the files next to {@code dataDir}, creating the missing ones. */
    static DatabaseCredentials beside(Path dataDir) throws IOException {
        Path parent = dataDir.getParent();
        String base = dataDir.getFileName().toString();
        Path su = parent.resolve(base + ".superuser.password");
        Path app = appPasswordFile(dataDir);
        boolean created = !Files.exists(su);
        return new DatabaseCredentials(su, readOrCreate(su), app, readOrCreate(app), created);
    }

    /** The application role's password file of the cluster in {@code dataDir} (beside it, owner-only). */
    static Path appPasswordFile(Path dataDir) {
        return dataDir.getParent().resolve(dataDir.getFileName() + ".ballast.password");
    }

    /** For a throw-away cluster: the superuser's password in a temporary owner-only file (initdb needs a file). */
    static DatabaseCredentials temporary() throws IOException {
        Path dir = Files.createTempDirectory("ballast-pgpw-");
        Path su = dir.resolve("superuser.password");
        Path app = dir.resolve("ballast.password");
        return new DatabaseCredentials(su, readOrCreate(su), app, readOrCreate(app), true);
    }

    private static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (value.isEmpty()) {
                throw new IOException(file + " is empty: restore it from a backup, or remove it together with the data directory");
            }
            return value;
        }
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        ownerOnly(file);
        Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        return value;
    }

    /** Created with rw------- before anything is written into it. */
    static void ownerOnly(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /** Removes the temporary files of {@link #temporary()}. */
    void deleteTemporary() {
        try {
            Files.deleteIfExists(superuserFile);
            Files.deleteIfExists(appFile);
            Files.deleteIfExists(superuserFile.getParent());
        } catch (IOException e) {
            // a temp directory left behind holds only a throw-away cluster's password
        }
    }
}
