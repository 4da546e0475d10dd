package io.customersync.distribution.client;

import java.io.IOException;
import java.util.Optional;

import io.customersync.distribution.config.DistributionConfig;

/** What distribution's calls to hq-service with its own key share: HQ's URL and that key's header. */
final class HqEndpoint {

    private HqEndpoint() {
    }

    /** HQ's URL (distribution.customer-keys.hq-url) with {@code path}. */
    static String url(DistributionConfig config, String path) {
        String url = config.customerKeys().hqUrl();
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + path;
    }

    /** The Authorization header of distribution's key at HQ; an {@link IOException} saying what cannot be done without. */
    static String authorization(Optional<String> apiKey, String without) throws IOException {
        if (apiKey.isEmpty()) {
            throw new IOException("distribution.customer-keys.api-key is not set: " + without);
        }
        return "Bearer " + apiKey.get();
    }
}
