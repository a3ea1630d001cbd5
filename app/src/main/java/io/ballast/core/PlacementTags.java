package io.ballast.core;

import java.util.Map;
import java.util.Set;

/**
 * Tags the placement rules can match on: node tags from the configuration, guest tags as last observed. Read
 * once per round; must be deterministic for the same input, like the core itself.
 */
public interface PlacementTags {

    PlacementTags NONE = new PlacementTags() {
        @Override
        public Map<String, ? extends Set<String>> nodeTags() {
            return Map.of();
        }

        @Override
        public Map<String, ? extends Set<String>> resourceTags() {
            return Map.of();
        }
    };

    /** node → its tags (e.g. {@code old-hw}). */
    Map<String, ? extends Set<String>> nodeTags();

    /** sid → its guest's tags (e.g. {@code db}). */
    Map<String, ? extends Set<String>> resourceTags();

    static PlacementTags of(Map<String, ? extends Set<String>> nodeTags,
                            java.util.function.Supplier<Map<String, ? extends Set<String>>> resourceTags) {
        Map<String, ? extends Set<String>> nodes = Map.copyOf(nodeTags);
        return new PlacementTags() {
            @Override
            public Map<String, ? extends Set<String>> nodeTags() {
                return nodes;
            }

            @Override
            public Map<String, ? extends Set<String>> resourceTags() {
                return resourceTags.get();
            }
        };
    }
}
