package io.customersync.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.Yaml;

/**
 * Every endpoint of every service, read from the OpenAPI document each service serves at
 * {@code /q/openapi?format=json}: a new endpoint is fuzzed without editing the fuzzer. The list is
 * sorted (service, path, method), so that a seed picks the same endpoints in every run.
 */
final class ApiDescriptions {

    /** A parameter of an endpoint: {@code in} is path, query or header. */
    record Param(String name, String in, Map<String, Object> schema) {
    }

    /**
     * One operation of one service ({@code service} is a channel id for a channel-service, else
     * "hq" or "distribution"); {@code body} is the request body's schema with references resolved
     * lazily through {@code components}, or null; {@code eventStream} when it answers
     * text/event-stream; {@code roles} are those the document names for its API key (the
     * {@code @RolesAllowed} of the resource).
     */
    record Endpoint(String service, String method, String path, List<Param> params, Map<String, Object> body,
            boolean eventStream, List<String> roles, Map<String, Object> components) {

        boolean reads() {
            return method.equals("GET");
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private ApiDescriptions() {
    }

    /** The endpoints of the services at {@code bases} (service name to base URL). */
    static List<Endpoint> read(Map<String, String> bases) throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<String, String> service : new TreeMap<>(bases).entrySet()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(service.getValue()
                    + "/q/openapi?format=json")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError(service.getKey() + " serves no OpenAPI document: " + answer.statusCode());
            }
            endpoints.addAll(parse(service.getKey(), answer.body()));
        }
        endpoints.sort(Comparator.comparing(Endpoint::service).thenComparing(Endpoint::path)
                .thenComparing(Endpoint::method));
        return List.copyOf(endpoints);
    }

    @SuppressWarnings("unchecked")
    static List<Endpoint> parse(String service, String document) {
        Map<String, Object> openApi = new Yaml().load(document);
        Map<String, Object> components = map(openApi.get("components"));
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<String, Object> path : new TreeMap<>(map(openApi.get("paths"))).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            List<Object> shared = list(item.get("parameters"));
            for (String method : METHODS) {
                Map<String, Object> operation = map(item.get(method));
                if (operation.isEmpty()) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                List<Object> declared = new ArrayList<>(shared);
                declared.addAll(list(operation.get("parameters")));
                for (Object p : declared) {
                    Map<String, Object> param = resolve(map(p), components);
                    params.add(new Param((String) param.get("name"), (String) param.get("in"),
                            resolve(map(param.get("schema")), components)));
                }
                Map<String, Object> content = map(map(operation.get("requestBody")).get("content"));
                Map<String, Object> body = content.isEmpty() ? null
                        : map(map(content.values().iterator().next()).get("schema"));
                boolean stream = map(operation.get("responses")).values().stream()
                        .anyMatch(r -> map(map(r).get("content")).containsKey("text/event-stream"));
                List<String> roles = list(operation.get("security")).stream()
                        .flatMap(requirement -> map(requirement).values().stream())
                        .flatMap(scopes -> list(scopes).stream()).map(String::valueOf).sorted().toList();
                endpoints.add(new Endpoint(service, method.toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        List.copyOf(params), body, stream, roles, components));
            }
        }
        return endpoints;
    }

    /** The schema a {@code $ref} names (one level), or the schema itself. */
    static Map<String, Object> resolve(Map<String, Object> schema, Map<String, Object> components) {
        Object ref = schema.get("$ref");
        if (!(ref instanceof String name)) {
            return schema;
        }
        String[] parts = name.replaceFirst("^#/components/", "").split("/");
        Map<String, Object> found = components;
        for (String part : parts) {
            found = map(found.get(part));
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
