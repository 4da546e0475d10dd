package io.customersync.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads whole-number, yes/no and enum query parameters strictly, and answers a value that does not
 * convert with a 400 problem naming the parameter. JAX-RS answers such a value with 404, as if the
 * resource did not exist, and reads any word but {@code true} as {@code false}; a client that
 * sends {@code limit=ten} or {@code held=yes} should hear that the value is wrong. Path parameters
 * keep JAX-RS's 404 (a malformed id names nothing). Messages never echo the value.
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryParameterName(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) new Strict<>(name, "must be a whole number", Integer::valueOf);
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) new Strict<>(name, "must be true or false", QueryParameters::yesOrNo);
        }
        if (rawType.isEnum()) {
            Class<? extends Enum> type = (Class<? extends Enum>) rawType;
            return (ParamConverter<T>) new Strict<>(name,
                    "must be one of " + Arrays.toString(type.getEnumConstants()),
                    value -> Enum.valueOf(type, value));
        }
        return null;
    }

    private static String queryParameterName(Annotation[] annotations) {
        if (annotations == null) {
            return null;
        }
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }

    private static Boolean yesOrNo(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("neither true nor false");
        };
    }

    /** The 400 a query parameter's wrong value is answered with; ProblemMappers names the parameter. */
    public static final class WrongValueException extends BadRequestException {

        private final String parameter;

        WrongValueException(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    private record Strict<T>(String name, String rule, Function<String, T> parse) implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value);
            } catch (RuntimeException wrong) {
                throw new WrongValueException(name, rule);
            }
        }

        @Override
        public String toString(T value) {
            return value == null ? null : value.toString();
        }
    }
}
