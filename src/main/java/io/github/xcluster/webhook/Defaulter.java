package io.github.xcluster.webhook;

import io.javaoperatorsdk.webhook.admission.Operation;

/** Fills in what an admitted object leaves out; {@code old} is the object before an update, null on create. */
interface Defaulter<T> {
    T mutate(T object, T old, Operation operation);
}
