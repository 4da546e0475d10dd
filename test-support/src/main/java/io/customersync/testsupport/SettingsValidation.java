package io.customersync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;

/**
 * Builds a service's {@code @ConfigMapping} from given values and validates it the way the
 * service does at start: a missing or invalid value throws (ConfigValidationException or
 * NoSuchElementException) naming the key.
 */
public final class SettingsValidation {

    private static final ValidatorFactory VALIDATORS = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

    private SettingsValidation() {
    }

    /**
     * The service's {@code application.properties} (from the classpath) without profile-specific
     * keys, with {@code overrides} ({@code key, value, key, value...}) put over it.
     */
    public static Map<String, String> shipped(String... overrides) {
        Properties properties = new Properties();
        try (InputStream in = SettingsValidation.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().stream().filter(key -> !key.startsWith("%"))
                .forEach(key -> values.put(key, properties.getProperty(key)));
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return values;
    }

    public static <T> T load(Class<T> mapping, Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test values", 100))
                .withConverter(Duration.class, 200, new DurationConverter()) // 5s, 1h, 7d as Quarkus reads them
                .withMapping(mapping)
                .withValidateUnknown(false)
                .withValidator(new BeanValidationConfigValidator() {
                    @Override
                    public Validator getValidator() {
                        return VALIDATORS.getValidator();
                    }
                })
                .build();
        return config.getConfigMapping(mapping);
    }
}
