package io.github.xcluster.sim;

import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.HmacSignature;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Checks credentials as metal-api does: HMAC over X-Date, method and salt with one key per type,
 * a bounded age, or a bearer token. Every failure is a 403.
 */
final class SimAuth {
    static final Duration LIFETIME = Duration.ofSeconds(15);

    private final Map<AuthType, String> hmacKeys;
    private final Optional<String> bearerToken;
    private final Clock clock;

    SimAuth(Map<AuthType, String> hmacKeys, Optional<String> bearerToken, Clock clock) {
        this.hmacKeys = Map.copyOf(hmacKeys);
        this.bearerToken = bearerToken;
        this.clock = clock;
    }

    boolean enabled() {
        return !hmacKeys.isEmpty() || bearerToken.isPresent();
    }

    /** Answers the caller's type, the strongest when no credentials are configured. */
    AuthType authenticate(String method, MultiMap headers) {
        if (!enabled()) {
            return AuthType.ADMIN;
        }
        String authorization = headers.get("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            throw new SimError(403, "no Authorization header given");
        }
        String[] parts = authorization.split(" ");
        if (parts.length != 2) {
            throw new SimError(403, "Authorization header must be '<type> <credential>'");
        }
        if (parts[0].equals("Bearer")) {
            if (bearerToken.isPresent() && bearerToken.get().equals(parts[1])) {
                return AuthType.ADMIN;
            }
            throw new SimError(403, "token is not valid");
        }
        AuthType type = typeOf(parts[0]);
        String key = hmacKeys.get(type);
        if (key == null) {
            throw new SimError(403, "no HMAC key configured for " + parts[0]);
        }
        Instant date = parseDate(headers.get("X-Date"));
        if (Duration.between(date, clock.instant()).compareTo(LIFETIME) > 0) {
            throw new SimError(403, "the timestamp in X-Date is too old");
        }
        String salt = Optional.ofNullable(headers.get("X-Data-Salt")).orElse("");
        String expected = HmacSignature.compute(
                key.getBytes(StandardCharsets.UTF_8), DateTimeFormatter.ISO_INSTANT.format(date), method, salt);
        if (!expected.equals(parts[1])) {
            throw new SimError(403, "Wrong HMAC found");
        }
        return type;
    }

    private static AuthType typeOf(String header) {
        try {
            return AuthType.fromHeader(header);
        } catch (IllegalArgumentException e) {
            throw new SimError(403, "unknown authorization type " + header);
        }
    }

    private static Instant parseDate(String xDate) {
        if (xDate == null) {
            throw new SimError(403, "no X-Date header given");
        }
        try {
            return OffsetDateTime.parse(xDate).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new SimError(403, "X-Date is not an RFC3339 time: " + xDate);
        }
    }
}
