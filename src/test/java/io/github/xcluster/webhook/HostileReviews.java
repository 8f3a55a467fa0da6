package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Malformed and hostile AdmissionReview bodies, each made by mutating a valid review of XCluster or
 * XFirewall: wrong JSON types, nulls, huge strings, deep nesting, odd unicode and invalid UTF-8,
 * missing and duplicate fields, wrong kinds, truncation, and bodies around the 3 MiB limit. Body
 * {@code i} of a seed is always the same, whichever thread asks for it first.
 */
final class HostileReviews {
    /** A valid review and the path that admits it. */
    record Sample(String path, ObjectNode review) {}

    /** What to send where, and how it was made. */
    record Body(int index, String path, String mutations, byte[] bytes) {}

    private static final Set<String> FIELDS_THAT_MATTER = Set.of(
            "apiVersion",
            "kind",
            "request",
            "uid",
            "operation",
            "object",
            "oldObject",
            "metadata",
            "name",
            "namespace",
            "spec",
            "partition",
            "partitionID",
            "projectID",
            "xFirewallTemplate",
            "image",
            "size",
            "defaultNetworkID",
            "privateNetworkID");
    private static final List<String> IDENTITIES = List.of(
            "",
            "AdmissionReview",
            "admission.k8s.io/v1beta1",
            "admission.k8s.io/v2",
            "v1",
            "Pod",
            "XCluster",
            "XFirewall",
            "cluster.www.x-cellent.com/v1",
            "cluster.www.x-cellent.com/v2",
            "xcluster",
            "ADMISSIONREVIEW");
    private static final List<String> OPERATIONS =
            List.of("CREATE", "UPDATE", "DELETE", "CONNECT", "create", "PATCH", "", " CREATE", "CREATE\u0000");
    private static final List<String> RAW_TOKENS = List.of(
            "NaN",
            "Infinity",
            "-Infinity",
            "1e999999",
            "-0",
            "0x1F",
            "01",
            ".5",
            "1.e3",
            "'single'",
            "undefined",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\"}",
            "{1:2}",
            "/* comment */ 1",
            "// comment\n1",
            "\"\\q\"",
            "\"\\u12\"",
            "\"\\uD800\"",
            "\"\\uDC00\\uD800\"",
            "\"a\u0001b\"",
            "\"tab\there\"",
            "true false",
            "\"" + "9".repeat(5000) + "\"",
            "9".repeat(5000),
            "1" + "0".repeat(400) + ".5e-999");
    private static final List<String> ODD_TEXT = List.of(
            "\u0000",
            "\u0000\u0001\u001f\u007f",
            "\u202eevil\u202c",
            "\u200b\u200d\ufeff",
            "\ud83d\ude00\ud83d\udca3",
            "\ud800",
            "\udfff\ud800",
            "\uffff\ufffe",
            "e\u0301\u0301\u0301",
            "\r\n\r\n",
            "%s%n%x",
            "${jndi:ldap://x/a}",
            "../../../etc/passwd",
            "'; DROP TABLE x; --",
            "<script>alert(1)</script>",
            "\u0130\u0131\u00df",
            "\u4e2d\u6587",
            "\u0645\u0631\u062d\u0628\u0627",
            "\\",
            "\"",
            "CREATE",
            "null");
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xff},
        {(byte) 0xfe, (byte) 0xff},
        {(byte) 0x80},
        {(byte) 0xc0, (byte) 0xaf},
        {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {0}
    };
    private static final List<String> WHOLE_BODIES = List.of(
            "",
            " ",
            "\r\n",
            "null",
            "true",
            "0",
            "-1e400",
            "\"AdmissionReview\"",
            "[]",
            "[{}]",
            "{}",
            "{\"kind\":null}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":null}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
            "{".repeat(10_000),
            "[".repeat(10_000),
            "[".repeat(10_000) + "]".repeat(10_000),
            "\"".repeat(3),
            "{\"a\":",
            "\ufeff{}",
            "<?xml version=\"1.0\"?><AdmissionReview/>",
            "apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\n");
    /** Stands in for raw JSON text the tree cannot hold; replaced after serialisation. */
    private static final String SPLICE = "\u0001splice-";
    /** Prefix of a second field with the same name as one already there. */
    private static final String DUPLICATE = "\u0001duplicate\u0001";

    private final long seed;
    private final List<Sample> samples;

    HostileReviews(long seed, List<Sample> samples) {
        this.seed = seed;
        this.samples = List.copyOf(samples);
    }

    Body body(int index) {
        return new Maker(new Random(new SplittableRandom(seed).split().nextLong() + index * 0x9E3779B97F4A7C15L))
                .make(index);
    }

    /** Makes one body; not shared between threads. */
    private final class Maker {
        private final Random random;
        private final Map<String, String> splices = new HashMap<>();
        private final List<String> mutations = new ArrayList<>();

        Maker(Random random) {
            this.random = random;
        }

        Body make(int index) {
            Sample sample = pick(samples);
            String path = random.nextInt(20) == 0 ? pick(WebhookPaths.ALL) : sample.path();
            int kind = random.nextInt(300);
            byte[] bytes;
            if (kind < 9) {
                String body = pick(WHOLE_BODIES);
                mutations.add("whole body " + preview(body));
                bytes = body.getBytes(StandardCharsets.UTF_8);
            } else if (kind < 10) {
                bytes = aroundTheSizeLimit(sample.review().deepCopy());
            } else {
                ObjectNode review = sample.review().deepCopy();
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    mutateTree(review);
                }
                bytes = serialise(review);
                if (random.nextInt(4) == 0) {
                    bytes = mutateBytes(bytes);
                }
            }
            return new Body(index, path, String.join("; ", mutations), bytes);
        }

        private byte[] aroundTheSizeLimit(ObjectNode review) {
            int target = random.nextInt(3) > 0
                    ? WebhookServer.MAX_BODY_BYTES + 1 + random.nextInt(4096)
                    : WebhookServer.MAX_BODY_BYTES - random.nextInt(64);
            mutations.add("valid review of " + target + " bytes");
            ObjectNode annotations =
                    ((ObjectNode) review.path("request").path("object").path("metadata")).putObject("annotations");
            annotations.put("padding", "");
            int padding = target - serialise(review).length;
            annotations.put("padding", "x".repeat(padding));
            return serialise(review);
        }

        private void mutateTree(ObjectNode review) {
            Slot slot = pickSlot(review);
            switch (random.nextInt(11)) {
                case 0 -> slot.replace("wrong type", wrongType());
                case 1 -> slot.replace("null", JsonNodeFactory.instance.nullNode());
                case 2 -> slot.replace("huge string", JsonNodeFactory.instance.textNode(hugeString()));
                case 3 -> slot.replace("odd text", JsonNodeFactory.instance.textNode(oddText()));
                case 4 -> slot.remove();
                case 5 -> slot.replace("deep nesting", splice(deepNesting()));
                case 6 -> slot.replace("invalid token", splice(pick(RAW_TOKENS)));
                case 7 -> slot.replace("wide container", wideContainer());
                case 8 -> slot.duplicate(wrongType());
                case 9 -> wrongIdentity(review);
                default -> wrongOperation(review);
            }
        }

        private Slot pickSlot(ObjectNode review) {
            List<Slot> slots = new ArrayList<>();
            collectSlots(review, slots);
            List<Slot> mattering = slots.stream()
                    .filter(slot -> slot.field != null && FIELDS_THAT_MATTER.contains(slot.field))
                    .toList();
            return random.nextBoolean() && !mattering.isEmpty() ? pick(mattering) : pick(slots);
        }

        private void collectSlots(JsonNode container, List<Slot> slots) {
            if (container.isObject()) {
                for (Iterator<String> names = container.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    slots.add(new Slot(container, name, -1));
                    collectSlots(container.get(name), slots);
                }
            } else if (container.isArray() && container.size() < 100) {
                for (int i = 0; i < container.size(); i++) {
                    slots.add(new Slot(container, null, i));
                    collectSlots(container.get(i), slots);
                }
            }
        }

        private JsonNode wrongType() {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (random.nextInt(10)) {
                case 0 -> nodes.booleanNode(random.nextBoolean());
                case 1 -> nodes.numberNode(random.nextInt());
                case 2 -> nodes.numberNode(random.nextDouble() * 1e300);
                case 3 -> nodes.numberNode(new BigInteger(200, random));
                case 4 -> nodes.numberNode(Long.MIN_VALUE);
                case 5 -> nodes.arrayNode();
                case 6 -> nodes.arrayNode().add(1).add("two").addNull().add(nodes.objectNode());
                case 7 -> nodes.objectNode();
                case 8 -> nodes.objectNode().put("", "").putNull("null").put("kind", "XCluster");
                default -> nodes.textNode(oddText());
            };
        }

        private String hugeString() {
            int bytes = (1 << (6 + random.nextInt(15))) + random.nextInt(64);
            String unit = pick(List.of("x", "\u00e9", "\u4e2d", "\ud83d\ude00", "\u0000", "\\", "\""));
            int unitBytes = escaped(unit).getBytes(StandardCharsets.UTF_8).length;
            return unit.repeat(Math.max(1, bytes / unitBytes));
        }

        private String oddText() {
            if (random.nextBoolean()) {
                return pick(ODD_TEXT);
            }
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(64);
            for (int i = 0; i < length; i++) {
                text.append((char) random.nextInt(Character.MAX_VALUE + 1));
            }
            return text.toString();
        }

        private String deepNesting() {
            int depth = pick(List.of(999, 1000, 1001, 2000, 5000, 10_000));
            return random.nextBoolean()
                    ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        }

        private JsonNode wideContainer() {
            int width = 1 << (10 + random.nextInt(4));
            if (random.nextBoolean()) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < width; i++) {
                    array.add(i);
                }
                return array;
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < width; i++) {
                object.put("k" + i, i);
            }
            return object;
        }

        private void wrongIdentity(ObjectNode review) {
            JsonNode where = pick(List.of(
                    review,
                    review.path("request").path("object"),
                    review.path("request").path("oldObject")));
            if (where instanceof ObjectNode object) {
                String field = random.nextBoolean() ? "kind" : "apiVersion";
                String value = pick(IDENTITIES);
                object.put(field, value);
                mutations.add(field + " " + preview(value));
            }
        }

        private void wrongOperation(ObjectNode review) {
            if (review.path("request") instanceof ObjectNode request) {
                String operation = pick(OPERATIONS);
                request.put("operation", operation);
                mutations.add("operation " + preview(operation));
            }
        }

        private JsonNode splice(String rawJson) {
            String marker = SPLICE + splices.size();
            splices.put(marker, rawJson);
            return JsonNodeFactory.instance.textNode(marker);
        }

        private byte[] serialise(ObjectNode review) {
            String json;
            try {
                json = JSON.writeValueAsString(review);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            json = json.replace(JSON_ESCAPED_DUPLICATE, "");
            for (Map.Entry<String, String> splice : splices.entrySet()) {
                json = json.replace("\"" + escaped(splice.getKey()) + "\"", splice.getValue());
            }
            return json.getBytes(StandardCharsets.UTF_8);
        }

        private byte[] mutateBytes(byte[] body) {
            int at = random.nextInt(body.length + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
            switch (random.nextInt(5)) {
                case 0 -> {
                    mutations.add("truncated to " + at + " of " + body.length + " bytes");
                    out.write(body, 0, at);
                }
                case 1 -> {
                    byte[] invalid = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                    int inString = indexAfterQuote(body, at);
                    mutations.add("invalid UTF-8 at byte " + inString);
                    out.write(body, 0, inString);
                    out.writeBytes(invalid);
                    out.write(body, inString, body.length - inString);
                }
                case 2 -> {
                    int flipped = Math.min(at, body.length - 1);
                    mutations.add("byte " + flipped + " flipped");
                    out.writeBytes(body);
                    byte[] bytes = out.toByteArray();
                    bytes[flipped] ^= (byte) (1 << random.nextInt(8));
                    return bytes;
                }
                case 3 -> {
                    String garbage = pick(List.of(" garbage", "{}", "]", "}", "\u0000", ",", " {\"kind\":\"Pod\"}"));
                    mutations.add("trailing " + preview(garbage));
                    out.writeBytes(body);
                    out.writeBytes(garbage.getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    String lead = pick(List.of("\ufeff", "\u0000", "\u00a0", ")]}'\n", "\r\n\r\n"));
                    mutations.add("leading " + preview(lead));
                    out.writeBytes(lead.getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(body);
                }
            }
            return out.toByteArray();
        }

        private int indexAfterQuote(byte[] body, int from) {
            for (int i = from; i < body.length; i++) {
                if (body[i] == '"') {
                    return i + 1;
                }
            }
            return from;
        }

        private <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }

        /** Where a value sits: a field of an object or an element of an array. */
        private final class Slot {
            private final JsonNode parent;
            private final String field;
            private final int index;

            Slot(JsonNode parent, String field, int index) {
                this.parent = parent;
                this.field = field;
                this.index = index;
            }

            void replace(String what, JsonNode value) {
                mutations.add(what + " at " + this);
                if (parent instanceof ObjectNode object) {
                    object.set(field, value);
                } else {
                    ((ArrayNode) parent).set(index, value);
                }
            }

            void remove() {
                mutations.add("removed " + this);
                if (parent instanceof ObjectNode object) {
                    object.remove(field);
                } else {
                    ((ArrayNode) parent).remove(index);
                }
            }

            /** A second field of the same name, before or after the first; array elements get replaced instead. */
            void duplicate(JsonNode value) {
                if (!(parent instanceof ObjectNode object)) {
                    replace("wrong type", value);
                    return;
                }
                boolean first = random.nextBoolean();
                mutations.add("duplicate " + this + (first ? " before" : " after") + " the original");
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                object.fields().forEachRemaining(entry -> fields.put(entry.getKey(), entry.getValue()));
                object.removeAll();
                if (first) {
                    object.set(DUPLICATE + field, value);
                }
                fields.forEach(object::set);
                if (!first) {
                    object.set(DUPLICATE + field, value);
                }
            }

            @Override
            public String toString() {
                return field != null ? preview(field) : "[" + index + "]";
            }
        }
    }

    private static final String JSON_ESCAPED_DUPLICATE = escaped(DUPLICATE);

    private static String escaped(String text) {
        try {
            String quoted = JSON.writeValueAsString(text);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Short and printable, for failure messages. */
    static String preview(String text) {
        return "\"" + printable(text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + " chars)" : text)
                + "\"";
    }

    /** Control characters and lone surrogates escaped, so reports and terminals show them. */
    static String printable(String text) {
        StringBuilder printable = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 && c != '\n' || c == 0x7f || c >= 0xd800 && c <= 0xdfff) {
                printable.append(String.format("\\u%04x", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.toString();
    }
}
