package io.github.xcluster.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.rules.CidrNotation.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What metal-api (Go's netip.ParsePrefix, as go1.26 answered) reads as a CIDR, and nothing more. */
class CidrNotationTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, IPV4",
        "10.1.2.3/8, IPV4",
        "0.0.0.0/0, IPV4",
        "255.255.255.255/32, IPV4",
        "2001:db8::/32, IPV6",
        "2001:DB8:0:0:0:0:0:1/128, IPV6",
        "::/0, IPV6",
        "1::/16, IPV6",
        "::ffff:1.2.3.4/120, IPV6",
        "1:2:3:4:5:6:1.2.3.4/96, IPV6"
    })
    void prefixesMetalApiReadsHaveTheirFamily(String cidr, Family family) {
        assertThat(CidrNotation.familyOf(cidr)).hasValue(family);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.0.0/8",
                "10.0.0.0",
                "10.0.0.0/33",
                "10.0.0.0/08",
                "10.0.0.0/",
                "10.0.0.0/+8",
                "10.0.0.0/-1",
                "10.0.0.0/9223372036854775807",
                "010.0.0.0/8",
                "256.0.0.0/8",
                "1..2.3/8",
                "1.2.3.4.5/8",
                "1.2.3.x/8",
                "１.2.3.4/8",
                "2001:db8::/129",
                "fe80::1%eth0/64",
                "%eth0/64",
                "example.com/24",
                "localhost/32",
                "2001:db8:::/32",
                "2001:db8::g/32",
                "12345::/16",
                "1:2:3:4:5:6:7:8:9/64",
                "1:2:3:4:5:6:7/64",
                "1:2:3:4:5:6:7:8::/64",
                "1::2::3/64",
                "1:/64",
                ":1::/64",
                "1.2.3.4::/64",
                "::1.2.3/64",
                "1:2:3:4:5:6:7:1.2.3.4/96",
                "10.0.0.0/8/8",
                "/8",
                " 10.0.0.0/8",
                "[2001:db8::]/32"
            })
    void textMetalApiRefusesIsNoCidr(String text) {
        assertThat(CidrNotation.familyOf(text)).isEmpty();
    }

    @Test
    void nullIsNoCidr() {
        assertThat(CidrNotation.familyOf(null)).isEmpty();
    }
}
