package io.github.xcluster.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * metal-api's own swagger spec, read where the build says it lies ({@code ../shared} beside the
 * clone). It is never copied into the repository, so a test that needs it fails loudly without it.
 */
final class UpstreamSpec {
    private UpstreamSpec() {}

    static Path path() {
        Path spec = Path.of(System.getProperty("xcluster.upstreamMetalApiSpec", "../shared/metal-api/metal-api.json"));
        assertThat(Files.isReadable(spec))
                .as("metal-api's upstream spec at %s (../shared must lie beside the clone)", spec.toAbsolutePath())
                .isTrue();
        return spec;
    }

    /**
     * Checks answers only: what the server sends must satisfy the upstream schema, while requests
     * may be whatever a client sends (the spec's request flags are partly wrong, FACTS.md §5.4).
     */
    static OpenApiInteractionValidator answerValidator() {
        return OpenApiInteractionValidator.createForSpecificationUrl(path().toString())
                .withBasePathOverride("/metal")
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }
}
