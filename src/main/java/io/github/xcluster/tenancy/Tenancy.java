package io.github.xcluster.tenancy;

import java.util.Arrays;
import java.util.Optional;

/** Whose projects the operator acts in: anyone's (one team owns the installation) or only those bound by a binding. */
public enum Tenancy {
    /** Every namespace may use every project the operator's credentials reach; {@code make run} installs this way. */
    SINGLE_TENANT("single-tenant"),
    /** A namespace may use only the projects a ProjectBinding grants it, within the binding's quota. */
    PROJECT_BINDINGS("project-bindings");

    private final String setting;

    Tenancy(String setting) {
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    public static Optional<Tenancy> ofSetting(String value) {
        return Arrays.stream(values())
                .filter(tenancy -> tenancy.setting.equals(value))
                .findFirst();
    }
}
