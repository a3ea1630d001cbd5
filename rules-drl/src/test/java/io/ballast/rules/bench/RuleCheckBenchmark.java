package io.ballast.rules.bench;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link RuleCheckBench} with the test classpath. Not picked up by the default Surefire includes;
 * run explicitly: {@code mvn -pl rules-drl test -Dtest=RuleCheckBenchmark}.
 */
class RuleCheckBenchmark {

    @Test
    void printNumbers() {
        RuleCheckBench.main(new String[] {"10000", "64"});
    }
}
