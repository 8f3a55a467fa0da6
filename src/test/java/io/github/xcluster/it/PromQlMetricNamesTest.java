package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {
    @Test
    void namesAreWhatRemainsBesideFunctionsLabelsRangesAndGrouping() {
        assertThat(PromQlMetricNames.of(
                        "sum by (namespace, name) (rate(xcluster_metal_api_requests_seconds_count{outcome=~\"5..|unreachable\","
                                + " job=\"x\"}[5m])) / ignoring(outcome) sum(rate(xcluster_metal_api_requests_seconds_count[$__rate_interval]))"
                                + " > 0.1 and on(namespace) xcluster_xfirewall_ready offset 5m == bool 0"))
                .containsExactly("xcluster_metal_api_requests_seconds_count", "xcluster_xfirewall_ready");
    }

    @Test
    void timeArithmeticLeavesOnlyTheMetric() {
        assertThat(PromQlMetricNames.of(
                        "(xcluster_webhook_certificate_expiry_timestamp_seconds - time()) < 14 * 24 * 3600"))
                .containsExactly("xcluster_webhook_certificate_expiry_timestamp_seconds");
    }

    @Test
    void aMisspeltMetricIsReportedAsItIsWritten() {
        assertThat(PromQlMetricNames.of("increase(operator_sdk_reconcilations_failed_total[10m]) > 0"))
                .containsExactly("operator_sdk_reconcilations_failed_total");
    }
}
