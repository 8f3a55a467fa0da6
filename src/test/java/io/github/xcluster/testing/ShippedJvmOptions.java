package io.github.xcluster.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The JVM options the Deployment of config/manager gives the operator, read from the manifest itself. */
public final class ShippedJvmOptions {
    private static final Path MANAGER = Path.of("config/manager/manager.yaml");

    private ShippedJvmOptions() {}

    /** The value of the container's {@code JAVA_TOOL_OPTIONS}. */
    public static String javaToolOptions() {
        try (MappingIterator<JsonNode> documents =
                new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(MANAGER.toFile())) {
            for (JsonNode document : documents.readAll()) {
                for (JsonNode env : document.at("/spec/template/spec/containers/0/env")) {
                    if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                        return env.path("value").asText();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MANAGER, e);
        }
        throw new IllegalStateException(MANAGER + " sets no JAVA_TOOL_OPTIONS");
    }
}
