package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void emailAddressesAndPhoneNumbersAreMasked() {
        assertEquals("wrote to ***@*** and ***@***", PersonalDataMask.mask("wrote to ada@example.com and j.doe+x@mail.co.uk"));
        assertEquals("call *** or *** now", PersonalDataMask.mask("call +1 555 0100 or (713) 555-0100 now"));
        assertEquals("phone=***", PersonalDataMask.mask("phone=0049 30 1234567"));
    }

    @Test
    void idsTimesAccountNumbersAndOffsetsAreLeftAlone() {
        String line = "customer 12345678-1234-1234-1234-123456789012 got C000042 at 2026-11-25T19:05:14.123Z "
                + "from channel.customer-uploads.v1/3@17 on localhost:43165 after 1,000 ms (6428dbe8-1114-4f02-aaa2-c267272fd8aa)";
        assertEquals(line, PersonalDataMask.mask(line));
    }
}
