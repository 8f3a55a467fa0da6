package io.github.xcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's answers to {@code netip.ParsePrefix}, as go1.26's net/netip gave them, reproduced word for word. */
class NetipPrefixTest {
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "10.1.2.3/8", "0.0.0.0/0", "2001:db8::/32", "::/0", "::ffff:1.2.3.4/120"})
    void prefixesGoAcceptsAreRead(String prefix) {
        assertThat(NetipPrefix.family(prefix)).isEqualTo(prefix.contains(":") ? NetipPrefix.IPV6 : NetipPrefix.IPV4);
    }

    @ParameterizedTest
    @MethodSource("goRefusals")
    void textGoRefusesIsRefusedWithGosWords(String text, String goError) {
        assertThatThrownBy(() -> NetipPrefix.family(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(goError);
    }

    static Stream<Arguments> goRefusals() {
        return Stream.of(
                Arguments.of(
                        "10.0.0/8", "netip.ParsePrefix(\"10.0.0/8\"): ParseAddr(\"10.0.0\"): IPv4 address too short"),
                Arguments.of("10.0.0.0", "netip.ParsePrefix(\"10.0.0.0\"): no '/'"),
                Arguments.of("10.0.0.0/33", "netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range"),
                Arguments.of("10.0.0.0/08", "netip.ParsePrefix(\"10.0.0.0/08\"): bad bits after slash: \"08\""),
                Arguments.of("10.0.0.0/", "netip.ParsePrefix(\"10.0.0.0/\"): bad bits after slash: \"\""),
                Arguments.of("10.0.0.0/+8", "netip.ParsePrefix(\"10.0.0.0/+8\"): bad bits after slash: \"+8\""),
                Arguments.of(
                        "010.0.0.0/8",
                        "netip.ParsePrefix(\"010.0.0.0/8\"): ParseAddr(\"010.0.0.0\"): IPv4 field has octet with leading zero"),
                Arguments.of(
                        "256.0.0.0/8",
                        "netip.ParsePrefix(\"256.0.0.0/8\"): ParseAddr(\"256.0.0.0\"): IPv4 field has value >255"),
                Arguments.of(
                        "1..2.3/8",
                        "netip.ParsePrefix(\"1..2.3/8\"): ParseAddr(\"1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")"),
                Arguments.of(
                        "1.2.3.4.5/8",
                        "netip.ParsePrefix(\"1.2.3.4.5/8\"): ParseAddr(\"1.2.3.4.5\"): IPv4 address too long"),
                Arguments.of(
                        "1.2.3.x/8",
                        "netip.ParsePrefix(\"1.2.3.x/8\"): ParseAddr(\"1.2.3.x\"): unexpected character (at \"x\")"),
                Arguments.of("2001:db8::/129", "netip.ParsePrefix(\"2001:db8::/129\"): prefix length out of range"),
                Arguments.of(
                        "fe80::1%eth0/64",
                        "netip.ParsePrefix(\"fe80::1%eth0/64\"): IPv6 zones cannot be present in a prefix"),
                Arguments.of("%eth0/64", "netip.ParsePrefix(\"%eth0/64\"): ParseAddr(\"%eth0\"): missing IPv6 address"),
                Arguments.of(
                        "example.com/24",
                        "netip.ParsePrefix(\"example.com/24\"): ParseAddr(\"example.com\"): unexpected character (at \"example.com\")"),
                Arguments.of(
                        "2001:db8:::/32",
                        "netip.ParsePrefix(\"2001:db8:::/32\"): ParseAddr(\"2001:db8:::\"): each colon-separated field must have at least one digit (at \":\")"),
                Arguments.of(
                        "2001:db8::g/32",
                        "netip.ParsePrefix(\"2001:db8::g/32\"): ParseAddr(\"2001:db8::g\"): each colon-separated field must have at least one digit (at \"g\")"),
                Arguments.of(
                        "12345::/16",
                        "netip.ParsePrefix(\"12345::/16\"): ParseAddr(\"12345::\"): each group must have 4 or less digits (at \"12345::\")"),
                Arguments.of(
                        "1:2:3:4:5:6:7:8:9/64",
                        "netip.ParsePrefix(\"1:2:3:4:5:6:7:8:9/64\"): ParseAddr(\"1:2:3:4:5:6:7:8:9\"): trailing garbage after address (at \"9\")"),
                Arguments.of(
                        "1:2:3:4:5:6:7/64",
                        "netip.ParsePrefix(\"1:2:3:4:5:6:7/64\"): ParseAddr(\"1:2:3:4:5:6:7\"): address string too short"),
                Arguments.of(
                        "1:2:3:4:5:6:7:8::/64",
                        "netip.ParsePrefix(\"1:2:3:4:5:6:7:8::/64\"): ParseAddr(\"1:2:3:4:5:6:7:8::\"): the :: must expand to at least one field of zeros"),
                Arguments.of(
                        "1::2::3/64",
                        "netip.ParsePrefix(\"1::2::3/64\"): ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"),
                Arguments.of(
                        "1:/64",
                        "netip.ParsePrefix(\"1:/64\"): ParseAddr(\"1:\"): colon must be followed by more characters (at \":\")"),
                Arguments.of(
                        "1.2.3.4::/64",
                        "netip.ParsePrefix(\"1.2.3.4::/64\"): ParseAddr(\"1.2.3.4::\"): unexpected character (at \"::\")"),
                Arguments.of(
                        "::1.2.3/64",
                        "netip.ParsePrefix(\"::1.2.3/64\"): ParseAddr(\"::1.2.3\"): IPv4 address too short"),
                Arguments.of(
                        "1:2:3:4:5:6:7:1.2.3.4/96",
                        "netip.ParsePrefix(\"1:2:3:4:5:6:7:1.2.3.4/96\"): ParseAddr(\"1:2:3:4:5:6:7:1.2.3.4\"): embedded IPv4 address must replace the final 2 fields of the address (at \"1.2.3.4\")"),
                Arguments.of(
                        "10.0.0.0/8/8",
                        "netip.ParsePrefix(\"10.0.0.0/8/8\"): ParseAddr(\"10.0.0.0/8\"): unexpected character (at \"/8\")"),
                Arguments.of("/8", "netip.ParsePrefix(\"/8\"): ParseAddr(\"\"): unable to parse IP"),
                Arguments.of(
                        "10.0.0.0/99999999999999999999",
                        "netip.ParsePrefix(\"10.0.0.0/99999999999999999999\"): bad bits after slash: \"99999999999999999999\""),
                Arguments.of(
                        "10.0.0.0/9223372036854775807",
                        "netip.ParsePrefix(\"10.0.0.0/9223372036854775807\"): prefix length out of range"),
                Arguments.of("10.0.0.0/-1", "netip.ParsePrefix(\"10.0.0.0/-1\"): bad bits after slash: \"-1\""),
                Arguments.of(
                        "fe80::1%/64",
                        "netip.ParsePrefix(\"fe80::1%/64\"): ParseAddr(\"fe80::1%\"): zone must be a non-empty string"),
                Arguments.of(
                        " 10.0.0.0/8",
                        "netip.ParsePrefix(\" 10.0.0.0/8\"): ParseAddr(\" 10.0.0.0\"): unexpected character (at \" 10.0.0.0\")"),
                Arguments.of(
                        "1.2.3.4\"/8",
                        "netip.ParsePrefix(\"1.2.3.4\\\"/8\"): ParseAddr(\"1.2.3.4\\\"\"): unexpected character (at \"\\\"\")"),
                Arguments.of(
                        "1.2.3.é/8",
                        "netip.ParsePrefix(\"1.2.3.é/8\"): ParseAddr(\"1.2.3.é\"): unexpected character (at \"é\")"));
    }
}
