package io.customersync.hq;

import static io.customersync.hq.DuplicatePoliciesTest.sync;
import static io.customersync.hq.HqEvents.person;
import static io.customersync.hq.HqRows.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.contracts.CustomerCreated;
import io.customersync.hq.domain.CustomerMatchKeys;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The duplicate check costs the same whether 1 or 100,000 customers share a value: measured on the
 * plan PostgreSQL runs (EXPLAIN ANALYZE of the lookup), with 100,000 holders of one phone and of one
 * rule key.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class MatchCostTest {

    private static final int SHARERS = 100_000;
    private static final int THRESHOLD = 20;

    @Inject
    DataSource dataSource;

    @Test
    void aLookupReadsABoundedNumberOfIndexEntriesWhenOneHundredThousandShareAPhone() throws Exception {
        String phone = "832" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
        String valueKey = "phone:" + phone;
        String ruleKey = "phone+firstName+lastName|" + phone + "|lee|kim";
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into customer_match_key (match_key, account_number)
                    select md5(k)::uuid, 'SHARER' || n from unnest(?::text[]) as k, generate_series(1, ?) as n""")) {
                insert.setArray(1, db.createArrayOf("text", new String[] { valueKey, ruleKey }));
                insert.setInt(2, SHARERS);
                insert.executeUpdate();
            }
            try (PreparedStatement analyze = db.prepareStatement("analyze customer_match_key")) {
                analyze.execute();
            }

            JsonNode plan = explain(valueKey, ruleKey);

            long read = rowsFromMatchKeys(plan);
            assertTrue(read <= THRESHOLD + 1, "index entries read for 2 keys with " + SHARERS + " holders each: " + read
                    + "\n" + plan.toPrettyString());
        }

        CustomerCreated kim = person("HOUSTON", "Kim", "Lee", null, "+1 " + phone);
        sync(kim);
        assertEquals(0L, query("select count(*) from possible_duplicate where customer_id = ?", kim.customerId()),
                "a phone 100,000 customers share is a placeholder: no match on it");
    }

    private JsonNode explain(String valueKey, String ruleKey) throws Exception {
        String lookup = CustomerMatchKeys.LOOKUP.replace("?::uuid[]", "array[md5(?)::uuid, md5(?)::uuid]")
                .replace("?::boolean[]", "array[true, false]");
        String plan = new Sql(dataSource).plan(lookup, THRESHOLD, valueKey, ruleKey);
        return new ObjectMapper().readTree(plan).get(0).get("Plan");
    }

    /** Rows every scan of customer_match_key returned, over all its loops. */
    private static long rowsFromMatchKeys(JsonNode node) {
        long rows = 0;
        String relation = node.path("Relation Name").asText("");
        String index = node.path("Index Name").asText("");
        if (relation.equals("customer_match_key") || index.startsWith("customer_match_key")) {
            rows += node.path("Actual Rows").asLong() * Math.max(1, node.path("Actual Loops").asLong());
        }
        for (JsonNode child : node.path("Plans")) {
            rows += rowsFromMatchKeys(child);
        }
        return rows;
    }
}
