package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.xcluster.metal.MetalApiConnection.State.Kind;
import io.github.xcluster.sim.MetalSimulator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetalApiConnectionTest {
    private static final String KEY = "the-right-key";
    private final MetalSimulator simulator =
            MetalSimulator.builder().hmacKey(KEY).build().start();
    private final MetalApiConnection connection = new MetalApiConnection(HttpMetalApi::connect);
    private final AtomicInteger changes = new AtomicInteger();

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void withoutCredentialsEveryCallFailsAtOnceSayingWhy() {
        connection.withdraw("no Secret mounted at /etc/metal-api");

        assertThatThrownBy(connection::partitions)
                .isInstanceOf(MetalApiException.NotConfigured.class)
                .hasMessage("no Secret mounted at /etc/metal-api");
        assertThat(connection.check().problem())
                .hasValue("metal-api not configured: no Secret mounted at /etc/metal-api");
        assertThat(simulator.counters().totalCalls()).isZero();
    }

    @Test
    void aRefusedKeyIsUnauthorizedWithoutTheKeyAndARightOneIsAccepted() {
        connection.use(MetalApiConfig.of(simulator.baseUrl(), "a-wrong-key"));
        assertThat(connection.state().kind()).isEqualTo(Kind.UNCHECKED);
        assertThat(connection.state().problem()).isEmpty();

        MetalApiConnection.State refused = connection.check();
        assertThat(refused.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(refused.problem().orElseThrow())
                .startsWith("metal-api unauthorized: " + simulator.baseUrl() + " refused the Metal-Admin HMAC key (")
                .doesNotContain("a-wrong-key");
        assertThatThrownBy(connection::partitions).isInstanceOf(MetalApiException.Unauthorized.class);

        connection.use(MetalApiConfig.of(simulator.baseUrl(), KEY));
        assertThat(connection.check().kind()).isEqualTo(Kind.ACCEPTED);
        assertThat(connection.partitions()).isNotEmpty();
    }

    @Test
    void listenersHearOfNewCredentialsAndOfTheirLossButNotOfTheSameAgain() {
        connection.whenChanged(changes::incrementAndGet);

        connection.use(MetalApiConfig.of(simulator.baseUrl(), KEY));
        connection.use(MetalApiConfig.of(simulator.baseUrl(), KEY));
        assertThat(changes).hasValue(1);

        connection.withdraw("the Secret was deleted");
        connection.withdraw("the Secret was deleted");
        assertThat(changes).hasValue(2);
    }
}
