package io.github.xcluster.manifests;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the YAML of config/ and writes the bundle's YAML and JSON in one canonical form: keys in
 * alphabetical order at every level, quotes only where YAML needs them, multi-line strings as
 * literal blocks. The same input always gives the same bytes.
 */
final class BundleYaml {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final YAMLMapper yaml = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .stringQuotingChecker(new QuoteTimestamps())
                    .build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private final ObjectMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** Every document of a (possibly multi-document) YAML file, in file order. */
    List<JsonNode> readDocuments(Path file) {
        try {
            return parseDocuments(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    JsonNode readDocument(Path file) {
        List<JsonNode> documents = readDocuments(file);
        if (documents.size() != 1) {
            throw new BundleSourceException(file + " should hold one YAML document, it holds " + documents.size());
        }
        return documents.get(0);
    }

    /** Every document of a multi-document YAML string, e.g. what {@code kubectl kustomize} prints. */
    List<JsonNode> parseDocuments(String documents) {
        return unchecked(() -> yaml.readerFor(JsonNode.class)
                        .<JsonNode>readValues(documents)
                        .readAll())
                .stream()
                .filter(document -> !document.isMissingNode() && !document.isNull())
                .toList();
    }

    /** One YAML (or JSON) document held in a string, e.g. a generated file or the alm-examples. */
    JsonNode parse(String document) {
        return unchecked(() -> yaml.readTree(document));
    }

    <T> T convert(JsonNode node, Class<T> type) {
        return yaml.convertValue(node, type);
    }

    JsonNode tree(Object value) {
        return yaml.valueToTree(value);
    }

    String toYaml(Object value) {
        return unchecked(() -> yaml.writeValueAsString(sorted(value)));
    }

    String toJson(Object value) {
        return unchecked(() -> json.writeValueAsString(sorted(value)));
    }

    /** Turns beans and trees into plain maps, so that key order is the alphabetical one everywhere. */
    private Object sorted(Object value) {
        JsonNode tree = yaml.valueToTree(value);
        return tree.isArray() ? yaml.convertValue(tree, List.class) : yaml.convertValue(tree, OBJECT);
    }

    /** YAML 1.1 readers turn an unquoted 2026-11-23T00:00:00Z into a timestamp; keep it a string. */
    private static final class QuoteTimestamps extends StringQuotingChecker.Default {
        private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}([Tt ].*)?");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || TIMESTAMP.matcher(value).matches();
        }
    }

    private interface JacksonCall<T> {
        T run() throws IOException;
    }

    private static <T> T unchecked(JacksonCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize or parse bundle content", e);
        }
    }
}
