package io.customersync.hq.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AccountNumberFormatTest {

    @Test
    void theZerosGiveTheWidth() {
        AccountNumberFormat format = AccountNumberFormat.parse("C{000000}");
        assertEquals("C000001", format.format(1));
        assertEquals("C999999", format.format(999_999));
    }

    @Test
    void textMayStandOnBothSides() {
        assertEquals("US-0042-R", AccountNumberFormat.parse("US-{0000}-R").format(42));
    }

    @Test
    void aValueWiderThanTheFormatIsRefusedRatherThanReshaped() {
        AccountNumberFormat format = AccountNumberFormat.parse("C{00}");
        assertThrows(IllegalStateException.class, () -> format.format(100));
        assertThrows(IllegalStateException.class, () -> format.format(0));
    }

    @Test
    void aFormatWithoutExactlyOneGroupOfZerosIsRefused() {
        for (String bad : new String[] { "C000000", "C{}", "C{0}{0}", "C{00x}", "" }) {
            assertThrows(IllegalArgumentException.class, () -> AccountNumberFormat.parse(bad), bad);
        }
    }
}
