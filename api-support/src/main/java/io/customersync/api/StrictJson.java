package io.customersync.api;

import java.io.IOException;
import java.text.Normalizer;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies mean what they say: a number or boolean where text is expected, text where a number or boolean
 * is expected, or a number where an enum name is expected, is an error, not silently converted; a field given twice is an error
 * too (which of the two values would the client mean?). Text PostgreSQL cannot store is refused as a
 * value or a field name: a NUL character (U+0000) reached the database as a 500, and an unpaired
 * surrogate ({@code "\udc00"} escaped in JSON: half of a character, not text) in an attribute
 * reached it as a failed insert after HQ had numbered the customer in sync mode (both found by
 * HttpFuzzingIT). Text is kept composed (NFC), whatever form it came in. A body is one JSON value: what follows it
 * is refused, not ignored.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        // a field the request does not have is refused (a typo in an optional field was taken silently at HQ and
        // distribution: a LINK decision's "acountNumber" linked to the matched account); the services' own calls to
        // each other read tolerantly where a newer peer may send more (@JsonIgnoreProperties on those records)
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // two customers sent as {..},{..} created the first and answered 201: a body is one JSON value
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // and text where a number or a truth value is expected: a sale line's "quantity": "2" was taken as 2
        // ("2,5" from a European till's form would be refused, "2.5" taken: one rule, numbers as numbers)
        for (LogicalType type : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.registerModule(new SimpleModule("storable-text")
                .addDeserializer(String.class, new StorableText())
                .addKeyDeserializer(String.class, new StorableKey()));
    }

    /** Why PostgreSQL could not store this text, or null when it can. */
    static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "text may not contain the NUL character (\\u0000)";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a pair: one character beyond U+FFFF
                } else {
                    return "text may not contain half of a character (an unpaired surrogate, \\ud800-\\udfff)";
                }
            }
        }
        return null;
    }

    /**
     * The text in Unicode's composed form (NFC): "Renée" typed with a combining accent (as some keyboards, pastes
     * and scanners send it) is kept as the same letters typed at another till, so that a search finds either.
     */
    static String composed(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Text PostgreSQL could not store; the message says why (the problem's message for the field). */
    public static final class UnstorableText extends MismatchedInputException {

        UnstorableText(JsonParser parser, String why) {
            super(parser, why);
        }
    }

    /** Text values as Jackson reads them, unstorable text refused. */
    static final class StorableText extends StdScalarDeserializer<String> {

        StorableText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            String refused = text == null ? null : unstorable(text);
            if (refused != null) {
                throw new UnstorableText(parser, refused);
            }
            return composed(text);
        }
    }

    /** Field names of maps (such as a customer's attributes), unstorable text refused. */
    static final class StorableKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            String refused = unstorable(key);
            if (refused != null) {
                throw new UnstorableText(context.getParser(), refused);
            }
            return composed(key);
        }
    }
}
