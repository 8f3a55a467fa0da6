package io.github.xcluster.api;

/** The transport a firewall rule applies to; metal-api takes either case and defaults to TCP. */
public enum RuleProtocol {
    TCP,
    UDP
}
