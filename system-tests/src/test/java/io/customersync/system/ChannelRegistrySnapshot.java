package io.customersync.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The active channels of distribution's registry, put back through its ops API after a test that
 * may retire or change them (the fuzzer sends accepted DELETEs and PUTs to /api/v1/channels/{id});
 * the running system is shared by the tests after it.
 */
final class ChannelRegistrySnapshot {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Map<String, Object>> channels;

    private ChannelRegistrySnapshot(Map<String, Map<String, Object>> channels) {
        this.channels = channels;
    }

    static ChannelRegistrySnapshot take(LocalSystem system) throws Exception {
        Map<String, Map<String, Object>> channels = new LinkedHashMap<>();
        try (Connection db = system.connect(SystemLayout.DISTRIBUTION_DATABASE);
                PreparedStatement select = db.prepareStatement("""
                        select channel_id, jdbc_url, username, password_ref, address_book, exclude_customer_data,
                               pool_size, deployment
                        from channel_registration where status = 'ACTIVE'""");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("jdbcUrl", rs.getString(2));
                body.put("username", rs.getString(3));
                body.put("passwordRef", rs.getString(4));
                body.put("addressBook", rs.getString(5));
                body.put("excludeCustomerData", rs.getBoolean(6));
                body.put("poolSize", rs.getObject(7));
                body.put("deployment", rs.getString(8));
                channels.put(rs.getString(1), body);
            }
        }
        return new ChannelRegistrySnapshot(channels);
    }

    /** PUTs every channel back as it was; returns the channels that were not answered 200/201. */
    List<String> restore(String distributionBase) throws Exception {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> channel : channels.entrySet()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                    URI.create(distributionBase + "/api/v1/channels/" + channel.getKey()))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + SystemLayout.OPS_KEY)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(Json.write(channel.getValue()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 && answer.statusCode() != 201) {
                failed.add(channel.getKey() + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        return failed;
    }
}
