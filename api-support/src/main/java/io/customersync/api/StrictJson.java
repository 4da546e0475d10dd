package io.customersync.api;

import java.io.IOException;

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
 * Request bodies mean what they say: a number or boolean where text is expected, or a number where
 * an enum name is expected, is an error, not silently converted; a field given twice is an error
 * too (which of the two values would the client mean?). Text with a NUL character (U+0000)
 * is refused as a value or a field name: PostgreSQL cannot store it, and it reached the database as a
 * 500 (found by HttpFuzzingIT).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("text-without-nul")
                .addDeserializer(String.class, new TextWithoutNul())
                .addKeyDeserializer(String.class, new KeyWithoutNul()));
    }

    private static final String NUL_REFUSED = "text may not contain the NUL character (\\u0000)";

    /** Text values as Jackson reads them, NUL refused. */
    static final class TextWithoutNul extends StdScalarDeserializer<String> {

        TextWithoutNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw MismatchedInputException.from(parser, String.class, NUL_REFUSED);
            }
            return text;
        }
    }

    /** Field names of maps (such as a customer's attributes), NUL refused. */
    static final class KeyWithoutNul extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (key.indexOf('\u0000') >= 0) {
                throw MismatchedInputException.from(context.getParser(), String.class, NUL_REFUSED);
            }
            return key;
        }
    }
}
