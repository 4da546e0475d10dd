package io.customersync.distribution.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description of the distribution API (served at /q/openapi, Swagger UI at /q/swagger-ui). */
@OpenAPIDefinition(
        info = @Info(title = "distribution-service API", version = "v1",
                description = "For ops: what waits for which channel, download sessions, retries, job 1010 and the "
                        + "pipeline page's data and buttons (HQ's forwarded with the caller's own key). Errors are "
                        + "application/problem+json."),
        security = @SecurityRequirement(name = "apiKey"),
        components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = "apiKey",
                type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "An API key bound to one channel (* for every channel) and the ops role")))
public class DistributionApiDefinition extends Application {
}
