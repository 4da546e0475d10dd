package io.customersync.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Each service's entry point: Quarkus, with malformed URLs answered by {@link MalformedUrls} (problem+json). */
@QuarkusMain
public class ServiceMain {

    private ServiceMain() {
    }

    public static void main(String... args) {
        System.setProperty(MalformedUrls.TAKE_OVER, "true");
        Quarkus.run(args);
    }
}
