package io.customersync.api;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A logged exception whose messages would show personal data, as {@link PersonalDataMask} writes it: the original's
 * class name, stack trace, causes and suppressed exceptions, every message masked. Printed as the original is
 * ({@code org.postgresql.util.PSQLException: ... Key (email)=(***@***) ...}); a JSON line's {@code exceptionType}
 * names this class.
 */
final class MaskedThrowable extends Throwable {

    private static final long serialVersionUID = 1L;

    private final String type;

    private MaskedThrowable(Throwable original) {
        super(PersonalDataMask.mask(original.getLocalizedMessage()));
        this.type = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    /** The exception itself when none of its messages needs masking, else a masked copy of it. */
    static Throwable of(Throwable thrown) {
        return leaks(thrown, Collections.newSetFromMap(new IdentityHashMap<>())) ? copy(thrown, new IdentityHashMap<>())
                : thrown;
    }

    private static boolean leaks(Throwable thrown, Set<Throwable> seen) {
        if (thrown == null || !seen.add(thrown)) {
            return false;
        }
        String message = thrown.getLocalizedMessage();
        if (message != null && !message.equals(PersonalDataMask.mask(message)) || leaks(thrown.getCause(), seen)) {
            return true;
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (leaks(suppressed, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable copy(Throwable thrown, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(thrown);
        if (done != null) {
            return done; // a cycle of causes
        }
        MaskedThrowable copy = new MaskedThrowable(thrown);
        copies.put(thrown, copy);
        if (thrown.getCause() != null) {
            Throwable cause = copy(thrown.getCause(), copies);
            if (cause != copy) {
                copy.initCause(cause);
            }
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            Throwable masked = copy(suppressed, copies);
            if (masked != copy) {
                copy.addSuppressed(masked);
            }
        }
        return copy;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the original's is set instead
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message != null ? type + ": " + message : type;
    }
}
