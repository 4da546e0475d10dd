package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.ONLINE_STOREFRONT;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.postCustomer;
import static io.customersync.system.RunningSystem.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.FreePorts;

/** Who gets in where, against the packaged services: keys, roles, channels, injection, brute force. */
class SecuritySystemIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** No secret on a service's command line, which every user of the machine sees ({@code ps}). */
    @Test
    void noServiceHasASecretOnItsCommandLine() throws Exception {
        List<ServiceProcess> services = RunningSystem.get().services().stream().filter(ServiceProcess::isAlive).toList();
        org.junit.jupiter.api.Assertions.assertTrue(services.size() >= 3, services.toString());
        for (ServiceProcess service : services) {
            // as ps reads it (the JDK's ProcessHandle.Info gives none for a command line this long)
            java.nio.file.Path proc = java.nio.file.Path.of("/proc", String.valueOf(service.pid()), "cmdline");
            String commandLine = java.nio.file.Files.isReadable(proc)
                    ? new String(java.nio.file.Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ')
                    : ProcessHandle.of(service.pid()).flatMap(p -> p.info().commandLine()).orElseThrow();
            org.junit.jupiter.api.Assertions.assertTrue(commandLine.contains("-jar"), commandLine);
            for (String secret : ServiceProcess.SECRETS.keySet()) {
                org.junit.jupiter.api.Assertions.assertFalse(commandLine.contains("-D" + secret + "="),
                        service.name() + " has " + secret + " on its command line");
            }
            org.junit.jupiter.api.Assertions.assertFalse(commandLine.contains(SystemLayout.DISTRIBUTION_KEY), service.name());
        }
    }

    @Test
    void withoutAKeyEveryApiAnswers401() throws Exception {
        SystemLayout layout = RunningSystem.get().layout();
        for (String url : List.of(
                "http://localhost:" + layout.channelPorts().get("HOUSTON") + "/api/v1/customers",
                "http://localhost:" + layout.hqPort() + "/api/v1/jobs",
                "http://localhost:" + layout.hqPort() + "/api/v1/staging",
                "http://localhost:" + layout.distributionPort() + "/api/v1/channels",
                "http://localhost:" + layout.distributionPort() + "/api/v1/pipeline")) {
            HttpResponse<String> answer = get(url, null);
            assertEquals(401, answer.statusCode(), url);
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), url);
        }
    }

    @Test
    void anotherChannelsKeySeesNothingOfACustomer() throws Exception {
        String answer = postCustomer("HOUSTON", HOUSTON_POS, "Private");
        UUID id = idOf(answer);
        var foreign = send("HOUSTON", ONLINE_STOREFRONT, "GET", "/" + id, null);
        assertEquals(401, foreign.statusCode(), "HOUSTON's service does not know ONLINE's key (one channel each here)");
        assertFalse(foreign.body().contains("Private") || foreign.body().contains("private@example.com"), foreign.body());
        var edit = send("HOUSTON", ONLINE_STOREFRONT, "PATCH", "/" + id, "{\"lastName\":\"Taken\"}");
        assertEquals(401, edit.statusCode());
        assertTrue(RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id).contains("\"lastName\":\"Tester\""));
    }

    /**
     * A multi-channel deployment: one packaged channel-service (one database) serving two stores, each
     * with its own valid key. A store's key finds nothing of the other store's customer: 404 (422 for
     * a sale naming it), a problem that names nothing of the customer, and nothing changed. Its P-job
     * runs on demand only, so nothing of these two stores (in no channel registry) reaches HQ.
     */
    @Test
    void aValidKeyOfAnotherChannelOnAMultiChannelServiceFindsNothing() throws Exception {
        SystemLayout.Channel eastside = new SystemLayout.Channel("EASTSIDE", "store", "test-pos-eastside", "pos", "ASYNC",
                "not-configured");
        SystemLayout.Channel westside = new SystemLayout.Channel("WESTSIDE", "store", "test-pos-westside", "pos", "ASYNC",
                "not-configured");
        ServiceProcess stores = RunningSystem.get().startChannelService("channel-service-EASTSIDE-WESTSIDE",
                FreePorts.any(), "channel_stores", List.of(eastside, westside), Map.of("channel.pjob.mode", "ON_DEMAND"));
        try {
            String base = "http://localhost:" + stores.port() + "/api/v1";
            HttpResponse<String> created = call("POST", base + "/customers", eastside.demoKey(), """
                    {"firstName":"Eastina","lastName":"Private","email":"eastina@example.com","phone":"+1 555 0199",
                     "addresses":[{"street":"9 East St","city":"Houston","state":"TX","zip":"77003","country":"US","purpose":"HOME"}]}""");
            assertEquals(201, created.statusCode(), created.body());
            UUID id = idOf(created.body());
            String number = created.body().replaceAll("(?s).*\"asyncCustomerNumber\":\"([^\"]+)\".*", "$1");
            List<String> secrets = List.of("Eastina", "Private", "eastina@example.com", "555 0199", "East St", number,
                    "EASTSIDE");
            String customer = base + "/customers/" + id;
            assertEquals(201, call("POST", base + "/customers", westside.demoKey(), "{\"firstName\":\"W\",\"lastName\":\"Own\"}")
                    .statusCode(), "WESTSIDE's key is valid on this service");

            for (HttpResponse<String> refused : List.of(call("GET", customer, westside.demoKey(), null),
                    call("PATCH", customer, westside.demoKey(), "{\"lastName\":\"Taken\"}"),
                    call("POST", customer + "/addresses", westside.demoKey(),
                            "{\"street\":\"1 West St\",\"city\":\"Houston\",\"zip\":\"77004\",\"country\":\"US\",\"purpose\":\"HOME\"}"),
                    call("GET", customer + "/events", westside.demoKey(), null))) {
                assertEquals(404, refused.statusCode(), refused.request() + ": " + refused.body());
                assertProblemNamingNothing(refused, secrets);
            }
            HttpResponse<String> sale = call("POST", base + "/transactions", westside.demoKey(), """
                    {"type":"CASH_AND_CARRY","customerId":"%s","currency":"USD","lines":[{"sku":"TEA-1","quantity":1,"unitPrice":3}]}"""
                    .formatted(id));
            assertEquals(422, sale.statusCode(), sale.body());
            assertProblemNamingNothing(sale, secrets);
            HttpResponse<String> search = call("GET", base + "/customers?q=Eastina", westside.demoKey(), null);
            assertEquals(200, search.statusCode(), search.body());
            assertTrue(search.body().contains("\"total\":0") && secrets.stream().noneMatch(search.body()::contains),
                    search.body());

            HttpResponse<String> own = call("GET", customer, eastside.demoKey(), null);
            assertEquals(200, own.statusCode(), own.body());
            assertTrue(own.body().contains("\"lastName\":\"Private\"") && !own.body().contains("West St"),
                    "the owner's customer is unchanged: " + own.body());
            assertEquals(0L, ((Number) RunningSystem.queryOne("channel_stores",
                    "select count(*) from retail_transaction where customer_id = ?", id)).longValue(), "no sale stored");
        } finally {
            stores.stop(Duration.ofSeconds(15));
        }
    }

    private static void assertProblemNamingNothing(HttpResponse<String> answer, List<String> secrets) {
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        for (String secret : secrets) {
            assertFalse(answer.body().contains(secret), answer.request() + " names " + secret + ": " + answer.body());
        }
    }

    private static HttpResponse<String> call(String method, String url, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void keysWithoutTheOpsRoleAreRefusedOnOpsEndpoints() throws Exception {
        SystemLayout layout = RunningSystem.get().layout();
        String channelKey = SystemLayout.CHANNELS.get(0).rtsKey(); // a channel-service's key at HQ: role channel
        for (String path : List.of("/api/v1/jobs", "/api/v1/staging", "/api/v1/staging/counts")) {
            HttpResponse<String> answer = get("http://localhost:" + layout.hqPort() + path, channelKey);
            assertEquals(403, answer.statusCode(), path);
        }
        HttpResponse<String> run = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + layout.hqPort()
                + "/api/v1/jobs/customer-sync/run")).header("Authorization", "Bearer " + channelKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, run.statusCode());
        var opsOnTill = send("HOUSTON", SystemLayout.OPS_KEY, "POST", "", "{\"firstName\":\"A\",\"lastName\":\"B\"}");
        assertEquals(403, opsOnTill.statusCode(), "ops cannot create customers");
    }

    @Test
    void sqlInjectionIsJustText() throws Exception {
        String evil = "Robert'); drop table customer; --";
        var created = send("HOUSTON", HOUSTON_POS, "POST", "", "{\"firstName\":\"" + evil + "\",\"lastName\":\"Tables\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains(evil), created.body());
        var search = send("HOUSTON", HOUSTON_POS, "GET", "?q=" + java.net.URLEncoder.encode("' or '1'='1", StandardCharsets.UTF_8), null);
        assertEquals(200, search.statusCode(), search.body());
        assertTrue(search.body().contains("\"total\":0"), "the injection matches nothing: " + search.body());
        assertTrue(((Number) RunningSystem.queryOne("channel_houston", "select count(*) from customer where first_name = ?",
                evil)).longValue() == 1, "stored verbatim, the table still there");
    }

    @Test
    void headerInjectionThroughThePathDoesNotSplitTheResponse() throws Exception {
        int port = RunningSystem.get().layout().channelPorts().get("HOUSTON");
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/customers/%0d%0aSet-Cookie:%20stolen=1 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + HOUSTON_POS + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertTrue(status.matches("HTTP/1.1 4\\d\\d .*"), status);
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                assertFalse(line.toLowerCase().startsWith("set-cookie"), line);
            }
        }
    }

    @Test
    void aMalformedUrlGetsAProblemFromEveryService() throws Exception {
        SystemLayout layout = RunningSystem.get().layout();
        // an empty 400 from Quarkus's HTTP layer until 2026-12-06 (each service's ServiceMain hands the check over)
        for (int port : List.of(layout.channelPorts().get("HOUSTON"), layout.hqPort(), layout.distributionPort())) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.getOutputStream().write(("GET /api/v1/customers?q=100% HTTP/1.1\r\nHost: localhost\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine();
                assertTrue(status.startsWith("HTTP/1.1 400 "), port + ": " + status);
                boolean problem = false;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    problem |= line.equalsIgnoreCase("Content-Type: application/problem+json");
                }
                assertTrue(problem, port + " answers a problem+json");
                assertTrue(in.readLine().contains("the URL is malformed"), port + " says what is wrong");
            }
        }
    }

    @Test
    void guessingKeysIsRateLimited() throws Exception {
        String url = "http://localhost:" + RunningSystem.get().layout().distributionPort() + "/api/v1/channels";
        boolean limited = false;
        for (int i = 0; i < 200 && !limited; i++) {
            int status = get(url, "guess-" + i).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
            limited = status == 429;
        }
        assertTrue(limited, "wrong keys from one address are throttled (429)");
    }

    private static HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
