package io.customersync.api;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds the error answers every API operation can give to each service's OpenAPI document, as
 * {@code application/problem+json} ({@link Problem}): 401 (no or a wrong API key), 403 (the key's
 * role may not), 429 (over a rate limit), 503 (load shed); 400 where there are parameters or a body, 413 and 415
 * where there is a body,
 * 404 where the path names something. Answers an operation declares itself ({@code @APIResponse},
 * e.g. 409 or 422) get the problem body too.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        addProblemSchema(openAPI.getComponents());
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(operation -> addProblems(path, operation));
            }
        });
    }

    private static void addProblems(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean hasInput = operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasInput) {
            addIfMissing(responses, "400", "Bad Request: invalid parameters or body (the wrong fields in 'errors')");
        }
        if (operation.getRequestBody() != null) {
            addIfMissing(responses, "413", "Content Too Large: a body over the service's limit, refused before it is read");
            addIfMissing(responses, "415", "Unsupported Media Type: a body that is not application/json");
        }
        addIfMissing(responses, "401", "Unauthorized: no or an unknown API key (WWW-Authenticate: Bearer)");
        addIfMissing(responses, "403", "Forbidden: the API key's role may not do this");
        if (path.contains("{")) {
            addIfMissing(responses, "404", "Not Found: nothing by that name that this key may see");
        }
        addIfMissing(responses, "429", "Too Many Requests: over the key's or the address's rate limit (Retry-After)");
        addIfMissing(responses, "503", "Service Unavailable: too many requests at once (Retry-After)");
        for (Map.Entry<String, APIResponse> answer : responses.getAPIResponses().entrySet()) {
            if (answer.getKey().matches("[45]\\d\\d") && answer.getValue().getContent() == null) {
                answer.getValue().setContent(problemContent());
            }
        }
    }

    private static void addIfMissing(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)));
    }

    private static void addProblemSchema(Components components) {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldProblem = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .properties(Map.of("field", text, "message", text));
        components.addSchema(SCHEMA, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail, with the fields that were wrong")
                .properties(Map.of("type", text, "title", text,
                        "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER),
                        "detail", text, "instance", text,
                        "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldProblem)))
                .required(List.of("type", "title", "status")));
    }
}
