package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.postCustomer;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What happens to a customer after its creation, through every service. */
class ChannelChangesSystemIT {

    @BeforeAll
    static void startSystem() throws Exception {
        RunningSystem.get();
    }

    @Test
    void aCustomerCreatedAtTheStoreIsFoundOnlineThroughTheAddressBook() throws Exception {
        String name = "Book" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = idOf(postCustomer("HOUSTON", HOUSTON_POS, name));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> send("ONLINE",
                RunningSystem.ONLINE_STOREFRONT, "GET", "?q=" + name.toLowerCase(), null).body()
                .contains(id.toString()));
        String online = RunningSystem.getCustomer("ONLINE", RunningSystem.ONLINE_STOREFRONT, id);
        assertTrue(online.contains("\"channelId\":\"HOUSTON\"") && online.contains("\"status\":\"SYNCED\""), online);
    }

    @Test
    void anEditOfACopyAtAnotherStoreTravelsToHqAndBackToTheOriginAndEveryCopy() throws Exception {
        String name = "Copyedit" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = idOf(postCustomer("HOUSTON", HOUSTON_POS, name));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(1).equals(queryOne("channel_online", "select hq_version from customer where id = ?", id)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(1).equals(queryOne("channel_houston", "select hq_version from customer where id = ?", id)));

        // the storefront of ONLINE edits its copy of HOUSTON's customer: saved there at once
        HttpResponse<String> edited = send("ONLINE", RunningSystem.ONLINE_STOREFRONT, "PATCH", "/" + id,
                "{\"lastName\":\"Online-Edit\",\"phone\":\"+1 713 555 0123\"}");
        assertEquals(200, edited.statusCode(), edited.body());
        assertTrue(edited.body().contains("\"copy\":true") && edited.body().contains("\"lastName\":\"Online-Edit\"")
                && edited.body().contains("\"channelId\":\"HOUSTON\""), edited.body());

        // HQ applies it as version 2 and sends it to the store that created the customer and to every copy
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(2).equals(queryOne("channel_houston", "select hq_version from customer where id = ?", id)));
        assertEquals("Online-Edit", queryOne("channel_houston", "select last_name from customer where id = ?", id));
        assertEquals("+1 713 555 0123", queryOne("channel_houston", "select phone from customer where id = ?", id));
        assertEquals("Online-Edit", queryOne("hq", "select last_name from customer where customer_id = ?", id));
        assertEquals(2L, queryOne("hq", "select version from customer where customer_id = ?", id));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(2).equals(queryOne("channel_online", "select hq_version from customer where id = ?", id)));
        assertEquals("Online-Edit", queryOne("channel_online", "select last_name from customer where id = ?", id));
        String atOrigin = RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id);
        assertTrue(atOrigin.contains("\"lastName\":\"Online-Edit\"") && atOrigin.contains("\"hqVersion\":2")
                && atOrigin.contains("\"copy\":false"), atOrigin);

        // the origin's own edit, based on version 2, comes back as version 3 everywhere
        assertEquals(200, send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"firstName\":\"Houston-Edit\"}").statusCode());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(3).equals(queryOne("channel_online", "select hq_version from customer where id = ?", id)));
        assertEquals("Houston-Edit", queryOne("channel_online", "select first_name from customer where id = ?", id));
        assertEquals("Online-Edit", queryOne("channel_online", "select last_name from customer where id = ?", id));

        // the customer no longer gives a phone: removed at the origin, version 4 has it gone at HQ and every copy
        assertEquals(200, send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"phone\":\"\"}").statusCode());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(4).equals(queryOne("channel_online", "select hq_version from customer where id = ?", id)));
        assertNull(queryOne("channel_online", "select phone from customer where id = ?", id));
        assertNull(queryOne("hq", "select phone from customer where customer_id = ?", id));
        assertEquals("Online-Edit", queryOne("channel_online", "select last_name from customer where id = ?", id));
    }

    @Test
    void personalDataNeverReachesAServiceLog() throws Exception {
        String marker = "Pii" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = idOf(postCustomer("HOUSTON", HOUSTON_POS, marker));
        send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"email\":\"" + marker + "@example.org\"}");
        send("HOUSTON", HOUSTON_POS, "POST", "", "{\"firstName\":\"" + marker + "\",\"email\":\"bad\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> queryOne("hq", "select email from customer where customer_id = ?", id) != null
                && queryOne("hq", "select email from customer where customer_id = ?", id).toString().startsWith(marker));

        for (ServiceProcess service : java.util.List.of(RunningSystem.get().service(LocalSystem.HQ),
                RunningSystem.get().service(LocalSystem.DISTRIBUTION),
                RunningSystem.get().service(LocalSystem.channelService("HOUSTON")))) {
            String log = java.nio.file.Files.readString(service.log());
            assertTrue(!log.toLowerCase().contains(marker.toLowerCase()), service.name() + " logged personal data");
        }
    }

    @Test
    void aStorefrontLearnsTheAccountNumberOverServerSentEvents() throws Exception {
        UUID id = idOf(postCustomer("HOUSTON", HOUSTON_POS, "Streamed"));

        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(RunningSystem.customers("HOUSTON", "/" + id + "/events"))
                        .header("Authorization", "Bearer " + HOUSTON_POS).build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        Iterator<String> data = stream.body().filter(line -> line.startsWith("data:")).iterator();
        String last = data.next();
        while (data.hasNext()) {
            last = data.next();
        }

        assertTrue(last.contains("\"status\":\"SYNCED\"") && last.matches(".*\"accountNumber\":\"C\\d{6}\".*"), last);
    }

    @Test
    void editsAndAnAddressAddedToAnAsyncCustomerReachHqAndTheAddressGetsItsHqId() throws Exception {
        UUID id = idOf(postCustomer("HOUSTON", HOUSTON_POS, "Edited"));

        assertEquals(200, send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"lastName\":\"Renamed\"}").statusCode());
        var added = send("HOUSTON", HOUSTON_POS, "POST", "/" + id + "/addresses",
                "{\"street\":\"9 Elm St\",\"city\":\"Austin\",\"zip\":\"73301\",\"country\":\"US\",\"purpose\":\"DELIVERY\"}");
        assertEquals(201, added.statusCode(), added.body());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "Renamed".equals(
                queryOne("hq", "select last_name from customer where customer_id = ?", id)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Long.valueOf(2).equals(
                queryOne("channel_houston",
                        "select count(hq_address_id) from customer_address where customer_id = ?", id)));
    }

    @Test
    void aCustomerWhoMovedHasTheNewAddressAtHqAndInEveryStoreUnderItsIdsAndARemovedOneIsHiddenEverywhere() throws Exception {
        UUID id = syncedEverywhere("Moved");
        Object addressId = queryOne("channel_houston", "select id from customer_address where customer_id = ?", id);
        Object hqAddressId = queryOne("hq", "select a.id from customer_address a join customer c "
                + "on c.account_number = a.account_number where c.customer_id = ?", id);
        var moved = send("HOUSTON", HOUSTON_POS, "PUT", "/" + id + "/addresses/" + addressId,
                "{\"street\":\"14 Oak Ave\",\"city\":\"Dallas\",\"zip\":\"75201\",\"country\":\"US\",\"purpose\":\"HOME\"}");
        assertEquals(200, moved.statusCode(), moved.body());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "14 Oak Ave".equals(
                queryOne("hq", "select street from customer_address where id = ?", hqAddressId)));
        assertEquals(2L, queryOne("hq", "select version from customer where customer_id = ?", id));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "14 Oak Ave".equals(
                queryOne("channel_online", "select street from customer_address where id = ?", addressId)));
        assertEquals(hqAddressId, queryOne("channel_online", "select hq_address_id from customer_address where id = ?",
                addressId), "the copy's address is the same address, changed");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Long.valueOf(2).equals(
                queryOne("channel_houston", "select hq_version from customer where id = ?", id)));
        assertEquals("14 Oak Ave", queryOne("channel_houston", "select street from customer_address where id = ?", addressId));

        // then the store removes it: hidden everywhere, kept (sales name it), version 3
        var removed = send("HOUSTON", HOUSTON_POS, "DELETE", "/" + id + "/addresses/" + addressId, null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(removed.body().contains("\"addresses\":[]"), removed.body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Boolean.TRUE.equals(
                queryOne("channel_online", "select removed_at is not null from customer_address where id = ?", addressId)));
        assertEquals(Boolean.TRUE, queryOne("hq", "select removed_at is not null from customer_address where id = ?", hqAddressId));
        assertEquals(3L, queryOne("hq", "select version from customer where customer_id = ?", id));
    }

    @Test
    void twoStoresEditingOneVersionKeepBothFieldsAndAgreeOnOneValueOfAFieldBothChanged() throws Exception {
        UUID id = syncedEverywhere("Twoedits");
        // both stores edit version 1 at once: HOUSTON the last name and the phone, ONLINE (a copy) the last name and the e-mail
        List<HttpResponse<String>> edits = editTogether(id, "{\"lastName\":\"Houston-Name\",\"phone\":\"+1 713 555 0101\"}",
                "{\"lastName\":\"Online-Name\",\"email\":\"two.edits@example.org\"}");
        for (HttpResponse<String> edit : edits) {
            assertEquals(200, edit.statusCode(), edit.body());
            assertTrue(edit.body().contains("\"hqVersion\":1"), "both edits must be based on version 1: " + edit.body());
        }
        awaitAppliedAtHq("channel_houston", id);
        awaitAppliedAtHq("channel_online", id);

        // HQ applied the first edit whole, and of the second only the field nobody changed since version 1
        assertEquals(3L, queryOne("hq", "select version from customer where customer_id = ?", id));
        Object lastName = queryOne("hq", "select last_name from customer where customer_id = ?", id);
        assertTrue("Houston-Name".equals(lastName) || "Online-Name".equals(lastName), String.valueOf(lastName));
        // the last name is the one of the edit HQ applied first (version 2): the later, stale one did not overwrite it
        assertEquals("2 " + ("Houston-Name".equals(lastName) ? "HOUSTON" : "ONLINE"),
                queryOne("hq", "select field_changes ->> 'lastName' from customer where customer_id = ?", id));
        assertEquals("+1 713 555 0101", queryOne("hq", "select phone from customer where customer_id = ?", id));
        assertEquals("two.edits@example.org", queryOne("hq", "select email from customer where customer_id = ?", id));

        // and both stores end with HQ's customer, the store whose last name lost included
        for (String database : List.of("channel_houston", "channel_online")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                    () -> Long.valueOf(3).equals(queryOne(database, "select hq_version from customer where id = ?", id)));
            assertEquals(lastName, queryOne(database, "select last_name from customer where id = ?", id), database);
            assertEquals("+1 713 555 0101", queryOne(database, "select phone from customer where id = ?", id), database);
            assertEquals("two.edits@example.org", queryOne(database, "select email from customer where id = ?", id), database);
        }
    }

    /** A new HOUSTON customer, once version 1 is in HOUSTON's and ONLINE's databases. */
    private static UUID syncedEverywhere(String name) throws Exception {
        UUID id = idOf(postCustomer("HOUSTON", HOUSTON_POS, name + UUID.randomUUID().toString().substring(0, 8)));
        for (String database : List.of("channel_houston", "channel_online")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                    () -> Long.valueOf(1).equals(queryOne(database, "select hq_version from customer where id = ?", id)));
        }
        return id;
    }

    /** HOUSTON's and ONLINE's PATCH of one customer, sent at the same moment. */
    private static List<HttpResponse<String>> editTogether(UUID id, String atHouston, String atOnline) throws Exception {
        CompletableFuture<HttpResponse<String>> houston = CompletableFuture.supplyAsync(
                () -> patch("HOUSTON", HOUSTON_POS, id, atHouston));
        CompletableFuture<HttpResponse<String>> online = CompletableFuture.supplyAsync(
                () -> patch("ONLINE", RunningSystem.ONLINE_STOREFRONT, id, atOnline));
        return List.of(houston.get(30, TimeUnit.SECONDS), online.get(30, TimeUnit.SECONDS));
    }

    private static HttpResponse<String> patch(String channel, String key, UUID id, String body) {
        try {
            return send(channel, key, "PATCH", "/" + id, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until HQ's upload consumer has applied the latest edit this channel uploaded for the customer. */
    private static void awaitAppliedAtHq(String channelDatabase, UUID id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Object eventId = queryOne(channelDatabase, "select event_id from outbox_event where message_key = ? "
                    + "and event_type = 'io.customersync.channel.customer.updated.v1' order by id desc limit 1", id.toString());
            return eventId != null && Long.valueOf(1).equals(
                    queryOne("hq", "select count(*) from processed_event where event_id = ?", eventId));
        });
    }
}
