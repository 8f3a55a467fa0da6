package io.github.xcluster.webhook;

import java.util.List;

/**
 * The URL paths the webhook server answers, in kubebuilder's {@code
 * /<validate|mutate>-<group-with-dashes>-<version>-<kind>} form; the manifests name the same paths.
 */
public final class WebhookPaths {
    public static final String VALIDATE_XCLUSTER = "/validate-cluster-www-x-cellent-com-v1-xcluster";
    public static final String MUTATE_XCLUSTER = "/mutate-cluster-www-x-cellent-com-v1-xcluster";
    public static final String VALIDATE_XFIREWALL = "/validate-cluster-www-x-cellent-com-v1-xfirewall";
    public static final String MUTATE_XFIREWALL = "/mutate-cluster-www-x-cellent-com-v1-xfirewall";

    private static final String INFRASTRUCTURE = "-infrastructure-cluster-x-k8s-io-v1alpha1-";
    public static final String VALIDATE_METALSTACKCLUSTER = "/validate" + INFRASTRUCTURE + "metalstackcluster";
    public static final String VALIDATE_METALSTACKCLUSTERTEMPLATE =
            "/validate" + INFRASTRUCTURE + "metalstackclustertemplate";
    public static final String VALIDATE_METALSTACKFIREWALLTEMPLATE =
            "/validate" + INFRASTRUCTURE + "metalstackfirewalltemplate";
    public static final String VALIDATE_METALSTACKMACHINE = "/validate" + INFRASTRUCTURE + "metalstackmachine";
    public static final String MUTATE_METALSTACKMACHINE = "/mutate" + INFRASTRUCTURE + "metalstackmachine";
    public static final String VALIDATE_METALSTACKMACHINETEMPLATE =
            "/validate" + INFRASTRUCTURE + "metalstackmachinetemplate";
    public static final String MUTATE_METALSTACKMACHINETEMPLATE =
            "/mutate" + INFRASTRUCTURE + "metalstackmachinetemplate";

    public static final List<String> ALL = List.of(
            VALIDATE_XCLUSTER,
            MUTATE_XCLUSTER,
            VALIDATE_XFIREWALL,
            MUTATE_XFIREWALL,
            VALIDATE_METALSTACKCLUSTER,
            VALIDATE_METALSTACKCLUSTERTEMPLATE,
            VALIDATE_METALSTACKFIREWALLTEMPLATE,
            VALIDATE_METALSTACKMACHINE,
            MUTATE_METALSTACKMACHINE,
            VALIDATE_METALSTACKMACHINETEMPLATE,
            MUTATE_METALSTACKMACHINETEMPLATE);

    private WebhookPaths() {}
}
