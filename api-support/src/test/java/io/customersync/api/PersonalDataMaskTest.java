package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void emailAddressesAndPhoneNumbersAreMasked() {
        assertEquals("wrote to ***@*** and ***@***", PersonalDataMask.mask("wrote to ada@example.com and j.doe+x@mail.co.uk"));
        assertEquals("call *** or *** now", PersonalDataMask.mask("call +1 555 0100 or (713) 555-0100 now"));
        assertEquals("phone=***", PersonalDataMask.mask("phone=0049 30 1234567"));
    }

    /** Every form {@code @Email} takes (until 2026-12-06 the first three were left whole or in part). */
    @Test
    void everyEmailFormTheServicesAcceptIsMasked() {
        assertEquals("to ***@*** and ***@***", PersonalDataMask.mask("to jöse@exämple.com and o'brien@example.ie"));
        assertEquals("from ***@***, ***@***", PersonalDataMask.mask("from \"ada lovelace\"@example.com, ada@[192.0.2.1]"));
        assertEquals("as ***@***.", PersonalDataMask.mask("as 山田@例え.jp."));
        assertEquals("email ***@***", PersonalDataMask.mask("email ann!x{1}@mail.example.com"));
        // '=' and a quote may begin a local part: a "key=" written against the address goes with it
        assertEquals("***@***'", PersonalDataMask.mask("email='ann@mail.example.com'"));
    }

    @Test
    void idsTimesAccountNumbersAndOffsetsAreLeftAlone() {
        String line = "customer 12345678-1234-1234-1234-123456789012 got C000042 at 2026-11-25T19:05:14.123Z "
                + "from channel.customer-uploads.v1/3@17 on localhost:43165 after 1,000 ms (6428dbe8-1114-4f02-aaa2-c267272fd8aa)"
                // what ops need from a failure's line (masked until 2026-12-06: found by probing)
                + " refused (SQL state 55000), not present in metadata after 60000 ms, 12 345 rows";
        assertEquals(line, PersonalDataMask.mask(line));
    }

    /**
     * A database's refusal quotes the row (PostgreSQL's "Key (email)=(...) already exists"): the exception of a log
     * line and its causes are masked too, their types and frames kept (until 2026-12-06 only the message was).
     */
    @Test
    void theExceptionOfALogLineAndItsCausesAreMaskedTheirTypesAndFramesKept() {
        SQLException refusal = new SQLException("duplicate key: Key (email)=(ada@example.com) already exists; phone +1 713 555 0100");
        IllegalStateException thrown = new IllegalStateException("cannot save customer 42", refusal);
        thrown.addSuppressed(new RuntimeException("retried for eve@example.org"));
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "save failed", ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        record.setThrown(thrown);

        assertTrue(new PersonalDataMask().isLoggable(record));
        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        String trace = printed.toString();
        assertFalse(trace.contains("example") || trace.contains("555"), trace);
        assertTrue(trace.startsWith("java.lang.IllegalStateException: cannot save customer 42"), trace);
        assertTrue(trace.contains("Caused by: java.sql.SQLException: duplicate key: Key (email)=(***@***) already exists"), trace);
        assertTrue(trace.contains("Suppressed: java.lang.RuntimeException: retried for ***@***"), trace);
        assertArrayEquals(thrown.getStackTrace(), record.getThrown().getStackTrace());
    }

    @Test
    void anExceptionWithNothingToMaskIsLoggedAsItIs() {
        RuntimeException thrown = new RuntimeException("channel HOUSTON unavailable", new SQLException("connection refused"));
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "1010 job", ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        record.setThrown(thrown);
        new PersonalDataMask().isLoggable(record);
        assertSame(thrown, record.getThrown());
    }
}
