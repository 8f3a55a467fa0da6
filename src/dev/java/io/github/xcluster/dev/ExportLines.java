package io.github.xcluster.dev;

import java.util.Optional;

/** Ready-to-paste shell lines pointing metalctl and the operator at a metal-api. */
final class ExportLines {
    private ExportLines() {}

    static String metal(String url, Optional<String> hmac) {
        StringBuilder lines = new StringBuilder();
        lines.append("export METAL_API_URL=").append(url).append('\n');
        lines.append("export METALCTL_API_URL=").append(url).append('\n');
        hmac.ifPresent(key -> {
            lines.append("export METAL_API_HMAC=").append(key).append('\n');
            lines.append("export METALCTL_HMAC=").append(key).append('\n');
        });
        return lines.toString();
    }
}
