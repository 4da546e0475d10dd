package io.customersync.api;

/**
 * Text as a till means it: the spaces a clerk typed before or after a name or a street are not part of it (a name
 * kept with them sorted first in every list and was not found by the name typed without them), nor those pasted around
 * an e-mail or phone (at the till, the storefront or in ops' corrections at HQ).
 */
public final class TypedText {

    private TypedText() {
    }

    /** Without leading and trailing white space; null stays null. */
    public static String trimmed(String text) {
        return text == null ? null : text.strip();
    }
}
