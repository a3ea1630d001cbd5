package io.ballast.proxmox;

import io.ballast.core.ManagerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the manager status across restarts of Ballast in proxmox mode (spec §1.5: it must survive a
 * master fail-over). Written atomically after every round; a missing file means a fresh cluster.
 */
public final class ManagerStatusFile {
    /** Files written before a status field existed still load: a missing number reads as 0. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private final Path file;

    public ManagerStatusFile(Path file) {
        this.file = file;
    }

    /** The saved status, or {@link ManagerStatus#EMPTY} when there is none. */
    public ManagerStatus load() {
        if (!Files.exists(file)) {
            return ManagerStatus.EMPTY;
        }
        try {
            return JSON.readValue(file.toFile(), ManagerStatus.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("ballast.proxmox.state-file: " + file + " is not a manager status ("
                    + e.getOriginalMessage() + "); move it away to start from an empty status", e);
        }
    }

    public void save(ManagerStatus status) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), status);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot write manager status to " + file + ": " + e.getMessage(), e);
        }
    }
}
