package io.customersync.hq.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The format of a number sequence, as D365 writes it: constant text around one group of zeros
 * whose count is the width, e.g. {@code C{000000}} gives C000001, C000002, ... A value wider than
 * the group means the sequence is used up: it is refused, never written in another shape.
 */
public final class AccountNumberFormat {

    private static final Pattern FORMAT = Pattern.compile("([^{}]*)\\{(0+)}([^{}]*)");

    private final String prefix;
    private final int width;
    private final String suffix;
    private final long largest;

    private AccountNumberFormat(String prefix, int width, String suffix) {
        this.prefix = prefix;
        this.width = width;
        this.suffix = suffix;
        this.largest = width >= 18 ? Long.MAX_VALUE : (long) Math.pow(10, width) - 1;
    }

    public static AccountNumberFormat parse(String format) {
        Matcher matcher = FORMAT.matcher(format == null ? "" : format);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "a number sequence format is text around one {0...0} group, such as C{000000}; got '" + format + "'");
        }
        return new AccountNumberFormat(matcher.group(1), matcher.group(2).length(), matcher.group(3));
    }

    public String format(long value) {
        if (value < 1 || value > largest) {
            throw new IllegalStateException("number sequence value " + value + " does not fit " + this
                    + ": the sequence is used up; widen hq.account-number.format");
        }
        return prefix + String.format("%0" + width + "d", value) + suffix;
    }

    @Override
    public String toString() {
        return prefix + "{" + "0".repeat(width) + "}" + suffix;
    }
}
