package io.github.xcluster.metal;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * Adds metal-api credentials to each request: a bearer token when one is configured, otherwise the
 * HMAC headers (Authorization, X-Date, X-Data-Salt), otherwise nothing.
 */
final class RequestAuthentication implements Consumer<HttpRequest.Builder> {
    private static final String SALT_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int SALT_LENGTH = 24;

    private final MetalApiConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RequestAuthentication(MetalApiConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void accept(HttpRequest.Builder request) {
        if (config.token().isPresent()) {
            request.setHeader("Authorization", "Bearer " + config.token().get());
        } else if (config.hmacKey().isPresent()) {
            String method = request.copy().build().method();
            String date = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
            String salt = salt();
            String mac =
                    HmacSignature.compute(config.hmacKey().get().getBytes(StandardCharsets.UTF_8), date, method, salt);
            request.setHeader("Authorization", config.hmacAuthType().header() + " " + mac);
            request.setHeader("X-Date", date);
            request.setHeader("X-Data-Salt", salt);
        }
    }

    private String salt() {
        StringBuilder salt = new StringBuilder(SALT_LENGTH);
        for (int i = 0; i < SALT_LENGTH; i++) {
            salt.append(SALT_LETTERS.charAt(random.nextInt(SALT_LETTERS.length())));
        }
        return salt.toString();
    }
}
