package io.customersync.api;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text a person types at a till and others read on receipts and screens (a name, a street): no control
 * characters (a scanner's group separator, a bell), and not only invisible characters (a zero-width space, a Hangul filler
 * pass {@code @NotBlank}). A store's placeholder such as {@code "."} is printable and passes. Null, empty and
 * whitespace-only text pass: {@code @NotBlank} (or a pattern) says whether the field may be blank.
 */
@Documented
@Constraint(validatedBy = PrintableText.Check.class)
@Target({ METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface PrintableText {

    String message() default "must be printable text: no control characters, and not only invisible ones";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check, by code point. */
    final class Check implements ConstraintValidator<PrintableText, CharSequence> {

        @Override
        public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
            if (text == null || text.toString().isBlank()) {
                return true;
            }
            boolean visible = false;
            for (int i = 0; i < text.length();) {
                int c = Character.codePointAt(text, i);
                i += Character.charCount(c);
                int type = Character.getType(c);
                if (type == Character.CONTROL) {
                    return false;
                }
                visible |= !invisible(c, type);
            }
            return visible;
        }

        /**
         * Shows nothing by itself: white space, a format character (a zero-width space), a mark without a letter to
         * sit on (U+034F), or one of the blank letters fonts draw as nothing (the Hangul fillers, the blank braille
         * pattern), which pass {@code @NotBlank} and make a blank name.
         */
        private static boolean invisible(int c, int type) {
            return Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.FORMAT
                    || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
        }
    }
}
