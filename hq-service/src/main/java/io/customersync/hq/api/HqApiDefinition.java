package io.customersync.hq.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description of HQ's API (served at /q/openapi, Swagger UI at /q/swagger-ui). */
@OpenAPIDefinition(
        info = @Info(title = "hq-service API", version = "v1",
                description = "HQ's real-time service for channel-services (role channel), and for ops: jobs, the "
                        + "staging area, the duplicate review and statements. Errors are application/problem+json."),
        security = @SecurityRequirement(name = "apiKey"),
        components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = "apiKey",
                type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "An API key bound to one channel (* for every channel) and one role (channel, ops)")))
public class HqApiDefinition extends Application {
}
