package io.customersync.channel.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An address's {@code zip} is required where its country uses postcodes, and may be left out where it has none or
 * where people rarely know theirs (Hong Kong, the Emirates, Qatar, Ireland, much of Africa and the Caribbean): a
 * till refused a customer from Dubai with an address until someone typed a made-up postcode (found by probing as a
 * storefront). The violation names {@code zip}.
 */
@Documented
@Constraint(validatedBy = PostcodeWhereUsed.Validator.class)
@Target({ ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PostcodeWhereUsed {

    String message() default "must not be blank (this country uses postcodes)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * Countries (ISO 3166-1 alpha-2) with no postcode system, or one most addresses are written without: the
     * Universal Postal Union's list of countries without postcodes, as Google's address data (libaddressinput) has
     * them without a {@code zip} field (Jamaica among them), Ireland (Eircodes since 2015, optional on a letter), and
     * Bahrain, Panama, Saint Lucia and Somalia, whose codes most addresses are written without.
     */
    Set<String> OPTIONAL_IN = Set.of("AE", "AG", "AO", "AW", "BF", "BH", "BI", "BJ", "BO", "BQ", "BS", "BW", "BZ", "CD",
            "CF", "CG", "CI", "CK", "CM", "CW", "DJ", "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY", "HK", "IE",
            "JM", "KI", "KM", "KN", "KP", "LC", "LY", "ML", "MO", "MR", "MW", "NR", "NU", "PA", "QA", "RW", "SB", "SC",
            "SL", "SO", "SR", "SS", "ST", "SX", "SY", "TF", "TG", "TK", "TL", "TO", "TT", "TV", "UG", "VU", "YE", "ZW");

    /** A country left out or unknown ({@code ae}, {@code XK}) is left to {@code @NotNull} and {@code @CountryCode}. */
    final class Validator implements ConstraintValidator<PostcodeWhereUsed, AddressRequest> {

        @Override
        public boolean isValid(AddressRequest address, ConstraintValidatorContext context) {
            if (address == null || !CountryCode.Validator.known(address.country()) || OPTIONAL_IN.contains(address.country())
                    || (address.zip() != null && !address.zip().isBlank())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("zip").addConstraintViolation();
            return false;
        }
    }
}
