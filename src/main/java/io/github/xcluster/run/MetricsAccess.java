package io.github.xcluster.run;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read {@code /metrics}, decided by the API server as controller-runtime's metrics filter has it decided: the
 * bearer token must pass a TokenReview, and its user a SubjectAccessReview for {@code get} on the non-resource URL
 * {@code /metrics} (the metrics-reader ClusterRole grants it). A verdict is kept for a while under the token's
 * SHA-256, never the token, so that a scrape every few seconds costs the API server two reviews a minute.
 */
final class MetricsAccess {
    enum Verdict {
        ALLOWED,
        UNAUTHENTICATED,
        FORBIDDEN
    }

    static final String PATH = "/metrics";
    static final Duration ALLOWED_FOR = Duration.ofMinutes(1);
    static final Duration REFUSED_FOR = Duration.ofSeconds(10);
    /** Enough for every scraper there is; a flood of made-up tokens empties it rather than growing it. */
    private static final int MAX_REMEMBERED = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MetricsAccess.class);

    private final Supplier<KubernetesClient> client;
    private final Clock clock;
    private final Map<String, Remembered> verdicts = new ConcurrentHashMap<>();

    /** @param client may still be under construction; asked for at the first scrape */
    MetricsAccess(Supplier<KubernetesClient> client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Blocks on the API server when the token's verdict is not known.
     *
     * @param authorization the request's {@code Authorization} header, or null
     */
    Verdict check(String authorization) {
        Optional<String> token = bearerToken(authorization);
        if (token.isEmpty()) {
            return Verdict.UNAUTHENTICATED;
        }
        String key = sha256(token.get());
        Instant now = clock.instant();
        Remembered known = verdicts.get(key);
        if (known != null && now.isBefore(known.until())) {
            return known.verdict();
        }
        Verdict verdict = review(token.get());
        if (verdicts.size() >= MAX_REMEMBERED) {
            verdicts.clear();
        }
        verdicts.put(key, new Remembered(verdict, now.plus(verdict == Verdict.ALLOWED ? ALLOWED_FOR : REFUSED_FOR)));
        return verdict;
    }

    private Verdict review(String token) {
        TokenReview authenticated = client.get()
                .authentication()
                .v1()
                .tokenReviews()
                .create(new TokenReviewBuilder()
                        .withNewSpec()
                        .withToken(token)
                        .endSpec()
                        .build());
        if (authenticated.getStatus() == null
                || !Boolean.TRUE.equals(authenticated.getStatus().getAuthenticated())
                || authenticated.getStatus().getUser() == null) {
            LOG.info("metrics scrape refused: the bearer token is not valid");
            return Verdict.UNAUTHENTICATED;
        }
        UserInfo user = authenticated.getStatus().getUser();
        SubjectAccessReview authorized = client.get()
                .authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user.getUsername())
                        .withUid(user.getUid())
                        .withGroups(user.getGroups())
                        .withExtra(user.getExtra())
                        .withNewNonResourceAttributes()
                        .withPath(PATH)
                        .withVerb("get")
                        .endNonResourceAttributes()
                        .endSpec()
                        .build());
        if (authorized.getStatus() != null
                && Boolean.TRUE.equals(authorized.getStatus().getAllowed())) {
            return Verdict.ALLOWED;
        }
        LOG.info("metrics scrape refused: user={} may not get {}", user.getUsername(), PATH);
        return Verdict.FORBIDDEN;
    }

    private static Optional<String> bearerToken(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        return parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals("bearer")
                ? Optional.of(parts[1].trim())
                : Optional.empty();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Remembered(Verdict verdict, Instant until) {}
}
