package io.customersync.channel.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description of the channel API (served at /q/openapi, Swagger UI at /q/swagger-ui). */
@OpenAPIDefinition(
        info = @Info(title = "channel-service API", version = "v1",
                description = "POS terminals and storefronts create, edit, search and read customers (async ones "
                        + "included), add addresses and record transactions. Errors are application/problem+json. "
                        + "Every POST takes an optional Idempotency-Key header, quoted (\"key\", as the IETF draft "
                        + "has it) or bare."),
        security = @SecurityRequirement(name = "apiKey"),
        components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = "apiKey",
                type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "An API key bound to one channel and one role (pos, storefront)")))
public class ChannelApiDefinition extends Application {
}
