package io.ballast.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

    @Test
    void signatureIsHexHmacSha256OfTheBody() {
        // RFC 4231, test case 2
        assertThat(WebhookSender.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void backoffDoublesUpToItsLimit() {
        WebhookProperties p = new WebhookProperties("http://127.0.0.1:9/hook", null, null, 10, Duration.ofSeconds(2),
                Duration.ofSeconds(10), null);
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoffAfter(60)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutUrlNothingIsEnabledAndABadUrlIsRefused() {
        assertThat(new WebhookProperties(" ", null, null, null, null, null, null).enabled()).isFalse();
        assertThatThrownBy(() -> new WebhookProperties("ftp://x", null, null, null, null, null, null))
                .hasMessageContaining("ballast.notify.webhook.url");
    }
}
