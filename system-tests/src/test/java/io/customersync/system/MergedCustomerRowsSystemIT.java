package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.ONLINE_STOREFRONT;
import static io.customersync.system.RunningSystem.hqOps;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same person created at the store and online, flagged, and merged by ops (the default FLAG policy): from then on
 * every row of the person, at both stores, shows what the account has, whichever store edits it. Until 2026-12-06 the
 * merged customer's own row and its copy kept their own data for good: an e-mail changed online never reached the
 * store's copy, a phone changed at the store's copy never reached the online row, an address added online was at HQ
 * only (found by probing ./run.sh).
 */
class MergedCustomerRowsSystemIT {

    @BeforeAll
    static void startSystem() throws Exception {
        RunningSystem.get();
    }

    @Test
    void aMergedCustomersRowsAtEveryStoreShowTheAccountWhicheverStoreEditsIt() throws Exception {
        String name = "Hallor" + UUID.randomUUID().toString().substring(0, 8);
        UUID account = idOf(created("HOUSTON", HOUSTON_POS, """
                {"firstName":"John","lastName":"%s","email":"%s@example.com","attributes":{"pref":"email"}}"""
                .formatted(name, name)));
        awaitUntil(() -> queryOne("channel_online", "select account_number from customer where id = ?", account));
        UUID merged = idOf(created("ONLINE", ONLINE_STOREFRONT, """
                {"firstName":"john ","lastName":"%s","email":"%s@Example.com","attributes":{"tier":"silver"}}"""
                .formatted(name.toUpperCase(), name)));
        String number = (String) queryOne("hq", "select account_number from customer where customer_id = ?", account);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> hqOps("POST", "/api/v1/staging/" + merged + "/decision", "{\"decision\":\"LINK\"}") == 200);

        // the merged customer's own row online and its copy at the store take the account's number and data
        for (String database : new String[] {"channel_online", "channel_houston"}) {
            awaitEquals(number, () -> queryOne(database, "select account_number from customer where id = ?", merged));
            awaitEquals(name, () -> queryOne(database, "select last_name from customer where id = ?", merged));
        }
        // an e-mail changed online reaches the store's copy of the merged customer
        assertEquals(200, send("ONLINE", ONLINE_STOREFRONT, "PATCH", "/" + merged,
                "{\"email\":\"jh." + name + "@example.com\"}").statusCode());
        awaitEquals("jh." + name + "@example.com",
                () -> queryOne("channel_houston", "select email from customer where id = ?", merged));
        // a phone changed at the store's copy reaches the online row
        assertEquals(200, send("HOUSTON", HOUSTON_POS, "PATCH", "/" + merged, "{\"phone\":\"(281) 555-3131\"}")
                .statusCode());
        awaitEquals("(281) 555-3131", () -> queryOne("channel_online", "select phone from customer where id = ?", merged));
        // an address added online: the store has it, under its copy of the merged customer
        assertEquals(201, send("ONLINE", ONLINE_STOREFRONT, "POST", "/" + merged + "/addresses",
                "{\"street\":\"77 Web Ln\",\"city\":\"Austin\",\"state\":\"TX\",\"zip\":\"78701\",\"country\":\"US\","
                        + "\"purpose\":\"DELIVERY\"}").statusCode());
        awaitEquals(1L, () -> queryOne("channel_houston",
                "select count(*) from customer_address where customer_id = ? and street = '77 Web Ln'", merged));
        // and the account's own rows have all of it too
        awaitEquals("(281) 555-3131", () -> queryOne("channel_houston", "select phone from customer where id = ?", account));
        assertEquals("jh." + name + "@example.com",
                queryOne("channel_online", "select email from customer where id = ?", account));
    }

    private static String created(String channel, String key, String body) throws Exception {
        HttpResponse<String> answer = send(channel, key, "POST", "", body);
        assertEquals(201, answer.statusCode(), answer.body());
        return answer.body();
    }

    private static void awaitUntil(Callable<Object> value) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(value, Objects::nonNull);
    }

    private static void awaitEquals(Object expected, Callable<Object> value) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertEquals(expected, value.call()));
    }
}
