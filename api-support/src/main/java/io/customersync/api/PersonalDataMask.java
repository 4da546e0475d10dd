package io.customersync.api;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * A safety net on every log line (text or JSON): e-mail addresses and phone numbers are masked
 * before the line is written, in its message and in the messages of its exception and their causes. The code logs ids, never names or contact data; this catches what
 * slips through, e.g. a library quoting a request. Enabled by {@code quarkus.log.console.filter=personal-data}.
 */
@LoggingFilter(name = "personal-data")
public final class PersonalDataMask implements Filter {

    static final String MASK = "***";
    /**
     * Every form the services accept ({@code @Email}): a local part of letters of any script, digits and
     * {@code .!#$%&'*+/=?^_`{|}~-}, or quoted; a domain of such labels (an internationalised one too) or an IP literal.
     */
    private static final Pattern EMAIL = Pattern.compile("(?:\"[^\"\\r\\n]*\"|[\\p{L}\\p{M}\\p{N}.!#$%&'*+/=?^_`{|}~-]+)"
            + "@(?:\\[[^\\]\\s]*\\]|[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)+)");
    /** +1 555 0100, (713) 555-0100, 0049 30 1234567; not ids, UUIDs, times or account numbers. */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w.:/-])\\+?\\(?\\d{1,4}\\)?(?:[ .-]?\\d{2,4}){2,5}(?![\\w:/-])");

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        // a phone has seven digits at least: a SQL state (55000), a port or a time-out in ms (60000) is not one
        return PHONE.matcher(EMAIL.matcher(text).replaceAll(MASK + "@" + MASK)).replaceAll(found ->
                found.group().chars().filter(Character::isDigit).count() >= 7 ? MASK : found.group());
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String masked = mask(formatted);
            if (masked != null && !masked.equals(formatted)) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        if (record.getThrown() != null) {
            record.setThrown(MaskedThrowable.of(record.getThrown())); // a database's refusal may quote the row
        }
        return true;
    }
}
