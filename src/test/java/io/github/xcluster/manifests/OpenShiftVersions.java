package io.github.xcluster.manifests;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenShift releases a bundle is offered on ({@code com.redhat.openshift.versions}), from the
 * CSV's minKubeVersion: OpenShift 4.n ships Kubernetes 1.(n+13) since 4.6 (Kubernetes 1.19), so
 * minKubeVersion 1.28 is OpenShift 4.15, and "v4.15" means 4.15 and every later release.
 */
record OpenShiftVersions(String range) {
    static final String ANNOTATION = "com.redhat.openshift.versions";
    private static final int KUBERNETES_MINOR_OF_OPENSHIFT_4_0 = 13;
    private static final int OLDEST_KUBERNETES_MINOR = 19;
    private static final Pattern KUBE_VERSION = Pattern.compile("v?1\\.(\\d+)(\\.\\d+)?");

    static OpenShiftVersions forMinKubeVersion(String minKubeVersion) {
        Matcher version = KUBE_VERSION.matcher(minKubeVersion);
        if (!version.matches()) {
            throw new BundleSourceException("the CSV base's spec.minKubeVersion must look like 1.28.0, got '"
                    + minKubeVersion + "'; com.redhat.openshift.versions is derived from it");
        }
        int minor = Integer.parseInt(version.group(1));
        if (minor < OLDEST_KUBERNETES_MINOR) {
            throw new BundleSourceException("spec.minKubeVersion " + minKubeVersion
                    + " is older than any OpenShift 4 release the community pipeline builds for (1.19, OpenShift 4.6)");
        }
        return new OpenShiftVersions("v4." + (minor - KUBERNETES_MINOR_OF_OPENSHIFT_4_0));
    }
}
