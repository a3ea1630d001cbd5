package io.ballast.rules.pve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Proxmox section-config file into sections: an unindented header line followed by indented
 * {@code key value} lines; '#' comments and blank lines are skipped. Positions are kept as
 * {@code source:line} so the parsers built on it can name where an error is.
 */
final class SectionConfigReader {

    record Property(String key, String value, String where) {
    }

    record Section(String header, String where, List<Property> properties) {
    }

    private SectionConfigReader() {
    }

    /** @param sectionNoun what a section is called in errors, e.g. "resource" or "rule" */
    static List<Section> read(String source, String text, String sectionNoun) {
        List<Section> sections = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = source + ":" + (i + 1);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                sections.add(new Section(line, where, new ArrayList<>()));
                continue;
            }
            if (sections.isEmpty()) {
                throw new IllegalArgumentException(where + ": property outside a " + sectionNoun + " section");
            }
            String[] kv = line.strip().split("\\s+", 2);
            sections.get(sections.size() - 1).properties().add(new Property(kv[0], kv.length > 1 ? kv[1].strip() : "", where));
        }
        return sections;
    }
}
