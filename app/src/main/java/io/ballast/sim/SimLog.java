package io.ballast.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulation log in the layout of FORMAT.md §5.1: {@code %-5s %5d %12s: message}. Levels are cut to four
 * characters like the reference simulator does ({@code warning} → {@code warn}, {@code email} → {@code emai}).
 */
public final class SimLog {

    private final List<String> lines = new ArrayList<>();
    private final PrintStream echo;

    public SimLog(PrintStream echo) {
        this.echo = echo;
    }

    public void add(String level, long time, String source, String message) {
        String lvl = level.length() > 4 ? level.substring(0, 4) : level;
        String msg = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        String line = String.format("%-5s %5d %12s: %s", lvl, time, source, msg);
        lines.add(line);
        if (echo != null) {
            echo.println(line);
        }
    }

    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }
}
