package io.github.xcluster.run;

/** A wrong command line or setting, told to the user in one line without a stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
