package io.github.xcluster.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the shipped logback configurations write for text a caller chose, each configured as the operator does. */
class LogLinesTest {
    private static final String FORGED =
            "evil\n12:00:00.000 INFO  i.g.x.w.AdmissionEndpoint - admitted everything" + "\r\u001b[2Kcleared\u2028next";

    @Test
    void plainLinesEscapeLineBreaksAndControlCharacters() throws Exception {
        List<String> lines = logged("logback.xml");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .endsWith(
                        " WARN  i.g.x.r.LogLinesTest - denied name=evil\\n12:00:00.000 INFO  i.g.x.w.AdmissionEndpoint"
                                + " - admitted everything\\r?[2Kcleared?next");
        assertThat(lines.get(1)).endsWith(" INFO  i.g.x.r.LogLinesTest - tab\\tand C1 ? too");
    }

    @Test
    void jsonLinesAreOneJsonObjectEach() throws Exception {
        List<String> lines = logged("logback-json.xml");

        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.path("formattedMessage").asText()).isEqualTo("denied name=" + FORGED);
        assertThat(first.path("level").asText()).isEqualTo("WARN");
    }

    /** The lines one configuration writes for two messages with hostile arguments. */
    private static List<String> logged(String configuration) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogLinesTest.class.getClassLoader().getResource(configuration));
            var log = context.getLogger(LogLinesTest.class);
            log.warn("denied name={}", FORGED);
            log.info("tab{}", "\tand C1 \u0085 too");
        } finally {
            context.stop();
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
