package io.ballast.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The token format and its check, without Spring: parse, hash, constant-time match; and the CLI's refusals. */
class TokenFormatTest {

    @Test
    void aNewTokenParsesAndOnlyItsOwnSecretMatches() {
        String id = TokenFormat.newId();
        String secret = TokenFormat.newSecret();
        String token = TokenFormat.format(id, secret);
        assertThat(token).matches("blst_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        TokenFormat.Parsed parsed = TokenFormat.parse(token).orElseThrow();
        assertThat(parsed.id()).isEqualTo(id);
        assertThat(parsed.secret()).isEqualTo(secret);
        assertThat(parsed.toString()).doesNotContain(secret);
        String stored = TokenFormat.hash(secret);
        assertThat(stored).hasSize(64).doesNotContain(secret);
        assertThat(TokenFormat.matches(secret, stored)).isTrue();
        assertThat(TokenFormat.matches(TokenFormat.newSecret(), stored)).isFalse();
        assertThat(TokenFormat.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void malformedTokensAreRefusedBeforeAnyLookup() {
        String good = TokenFormat.format("0123456789ab", "a".repeat(43));
        assertThat(TokenFormat.parse(good)).isPresent();
        for (String bad : new String[] {null, "", "blst_", good.substring(1), good + "a", good.replace("blst_", "blsx_"),
                good.replace("0123456789ab", "0123456789AB"), good.replace("0123456789ab_", "0123456789abc"),
                TokenFormat.format("0123456789ab", "a".repeat(42) + "="), TokenFormat.format("0123456789ab", "a".repeat(42) + "\n")}) {
            assertThat(TokenFormat.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.of(" Operator ")).isEqualTo(Role.OPERATOR);
    }

    @Test
    void theTokenCliRefusesBadArgumentsWithExit2() {
        assertThat(TokenCli.run(new String[0])).isEqualTo(2);
        assertThat(TokenCli.run(new String[] {"create", "--name", "alice"})).isEqualTo(2);
        assertThat(TokenCli.run(new String[] {"frobnicate"})).isEqualTo(2);
        assertThat(TokenCli.run(new String[] {"list", "--token", "blst_x"})).as("no token on the command line").isEqualTo(2);
    }
}
